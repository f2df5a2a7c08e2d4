package dev.listener.engine.netty;

/** Every TLS test again, on the Netty engine with OpenSSL (netty-tcnative-boringssl-static). */
class NettyOpenSslTlsServingTests extends NettyTlsServingTests {

	@Override
	protected String provider() {
		return "openssl";
	}

	/** Netty's OpenSSL context takes the client's order (as bare Netty on OpenSSL does). */
	@Override
	protected boolean choosesCipherSuites() {
		return false;
	}

	/** BoringSSL refuses a renegotiation, as Netty's OpenSSL engine documents. */
	@Override
	protected boolean renegotiates() {
		return false;
	}

}
