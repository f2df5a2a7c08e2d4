package dev.listener.engine.netty;

import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import dev.listener.pipeline.Tls;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SimpleKeyManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A listener's {@link Tls} as Netty's {@link SslContext}, built from the same JDK context as the
 * blocking engine's, or on OpenSSL from the same key and trust managers, and built again when the
 * material has been reloaded.
 */
final class NettyTls {

	private final Tls tls;

	/** OpenSSL rather than the JDK's engine. */
	private final boolean openSsl;

	private volatile Built built;

	NettyTls(Tls tls) {
		this.tls = tls;
		this.openSsl = tls.provider() == Tls.Provider.OPENSSL
				|| (tls.provider() == Tls.Provider.AUTO && OpenSsl.isAvailable());
		this.built = build(tls.material());
	}

	/** @return {@code openssl} or {@code jdk}, as the {@code listeners} endpoint names it */
	String provider() {
		return this.openSsl ? "openssl" : "jdk";
	}

	/** @return the provider in use, as the startup line names it */
	String providerName() {
		return this.openSsl ? "OpenSSL " + OpenSsl.versionString() : "JDK";
	}

	/**
	 * OpenSSL through netty-tcnative knows no fatal alert for a client without a protocol in
	 * common: it would go on without ALPN. This reads the ClientHello's offer first and refuses
	 * such a client as the JDK does (see {@link AlpnRefusal}).
	 * @return the handler to put before the {@code SslHandler}, or {@code null}
	 */
	@Nullable ChannelHandler newAlpnRefusal() {
		return (this.openSsl && !this.tls.applicationProtocols().isEmpty())
				? new AlpnRefusal(this.tls.applicationProtocols()) : null;
	}

	/**
	 * @param allocator the connection's allocator
	 * @return a handler for one connection, from the current material, without a handshake timeout
	 * of its own: {@link TlsHandshake} keeps it, from when the steps before TLS are done
	 */
	SslHandler newHandler(ByteBufAllocator allocator) {
		Tls.Material material = this.tls.material();
		Built built = this.built;
		if (built.material() != material) {
			built = build(material);
			this.built = built;
		}
		SslHandler handler = built.context().newHandler(allocator);
		handler.setHandshakeTimeoutMillis(0);
		return handler;
	}

	/**
	 * Without the bundle's options, the JDK context's protocols and the cipher suites of
	 * {@link Tls.Material#cipherSuites()} rather than Netty's own, so that both engines negotiate the
	 * same.
	 */
	private Built build(Tls.Material material) {
		if (this.openSsl) {
			return new Built(material, openSsl(material));
		}
		SSLParameters defaults = material.context().getDefaultSSLParameters();
		String[] protocols = (material.protocols() != null) ? material.protocols().toArray(String[]::new)
				: defaults.getProtocols();
		SslContext context = new JdkSslContext(material.context(), false, material.cipherSuites(),
				IdentityCipherSuiteFilter.INSTANCE,
				applicationProtocols(this.tls.applicationProtocols(), false), clientAuth(this.tls.clientAuth()), protocols,
				false);
		return new Built(material, context);
	}

	/**
	 * The same key and trust managers as the JDK context's, so that a server name's key is chosen
	 * as there ({@code ServerNameKeyManager}, asked with the handshake session's requested names);
	 * Netty's cache of the key material per alias, so that a handshake does not encode the key
	 * again. Without the bundle's protocols and ciphers, OpenSSL's defaults as Netty sets them.
	 */
	private SslContext openSsl(Tls.Material material) {
		if (material.keyManager() == null) {
			throw new IllegalStateException("The key material has no key manager for OpenSSL");
		}
		SslContextBuilder builder = SslContextBuilder
			.forServer(new OpenSslCachingX509KeyManagerFactory(new KeyManagers(material.keyManager())))
			.sslProvider(SslProvider.OPENSSL)
			.clientAuth(clientAuth(this.tls.clientAuth()))
			.applicationProtocolConfig(applicationProtocols(this.tls.applicationProtocols(), true));
		if (material.trustManager() != null) {
			builder.trustManager(material.trustManager());
		}
		if (material.protocols() != null) {
			builder.protocols(material.protocols());
		}
		if (material.ciphers() != null) {
			builder.ciphers(material.ciphers());
		}
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("OpenSSL cannot use the key material: " + ex.getMessage(), ex);
		}
	}

	/** One key manager as a factory, as Netty's OpenSSL context takes it. */
	private static final class KeyManagers extends SimpleKeyManagerFactory {

		private final KeyManager[] managers;

		KeyManagers(KeyManager manager) {
			this.managers = new KeyManager[] { manager };
		}

		@Override
		protected void engineInit(KeyStore keyStore, char[] password) {
		}

		@Override
		protected void engineInit(ManagerFactoryParameters parameters) {
		}

		@Override
		protected KeyManager[] engineGetKeyManagers() {
			return this.managers.clone();
		}

	}

	/**
	 * ALPN through Netty's own negotiator, so that {@code SslHandler.applicationProtocol()} (and
	 * Netty's {@code ApplicationProtocolNegotiationHandler}) sees what was agreed; as on the blocking
	 * engine, the server's order decides, and a client offering none of them gets the alert
	 * {@code no_application_protocol}: from the JDK's engine, or on OpenSSL (whose negotiator would go
	 * on without ALPN) from {@link AlpnRefusal}.
	 */
	private static @Nullable ApplicationProtocolConfig applicationProtocols(List<String> protocols, boolean openSsl) {
		if (protocols.isEmpty()) {
			return null;
		}
		return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
				openSsl ? ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE
						: ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT,
				ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols);
	}

	private static ClientAuth clientAuth(Tls.ClientAuth clientAuth) {
		return switch (clientAuth) {
			case NONE -> ClientAuth.NONE;
			case WANT -> ClientAuth.OPTIONAL;
			case NEED -> ClientAuth.REQUIRE;
		};
	}

	private record Built(Tls.Material material, SslContext context) {
	}

	/**
	 * @param tls the pipeline's handler named {@link NettyHandlerNames#TLS}
	 * @return its session
	 */
	static SSLSession session(ChannelHandler tls) {
		return ((SslHandler) tls).engine().getSession();
	}

}
