package dev.listener.engine.netty;

/** Every server name and ALPN test again, on the Netty engine with OpenSSL (netty-tcnative-boringssl-static). */
class NettyOpenSslServerNameTlsServingTests extends NettyServerNameTlsServingTests {

	@Override
	protected String provider() {
		return "openssl";
	}

}
