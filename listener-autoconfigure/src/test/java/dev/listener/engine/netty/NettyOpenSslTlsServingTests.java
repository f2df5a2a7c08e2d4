package dev.listener.engine.netty;

/** Every TLS test again, on the Netty engine with OpenSSL (netty-tcnative-boringssl-static). */
class NettyOpenSslTlsServingTests extends NettyTlsServingTests {

	@Override
	protected String provider() {
		return "openssl";
	}

	/** BoringSSL refuses a renegotiation, as Netty's OpenSSL engine documents. */
	@Override
	protected boolean renegotiates() {
		return false;
	}

}
