package dev.listener.engine.netty;

import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import dev.listener.pipeline.Tls;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

/**
 * A listener's {@link Tls} as Netty's {@link SslContext}, built from the same JDK context as the
 * blocking engine's, and built again when the material has been reloaded.
 */
final class NettyTls {

	private final Tls tls;

	private volatile Built built;

	NettyTls(Tls tls) {
		this.tls = tls;
		this.built = build(tls.material());
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

	/** @return how long a handshake may take, from when the steps before TLS are done */
	Duration handshakeTimeout() {
		return this.tls.handshakeTimeout();
	}

	/**
	 * Without the bundle's options, the JDK context's defaults rather than Netty's own, so that both
	 * engines negotiate the same.
	 */
	private Built build(Tls.Material material) {
		SSLParameters defaults = material.context().getDefaultSSLParameters();
		String[] protocols = (material.protocols() != null) ? material.protocols().toArray(String[]::new)
				: defaults.getProtocols();
		List<String> ciphers = (material.ciphers() != null) ? material.ciphers() : List.of(defaults.getCipherSuites());
		SslContext context = new JdkSslContext(material.context(), false, ciphers, IdentityCipherSuiteFilter.INSTANCE,
				applicationProtocols(this.tls.applicationProtocols()), clientAuth(this.tls.clientAuth()), protocols, false);
		return new Built(material, context);
	}

	/**
	 * ALPN through Netty's own negotiator, so that {@code SslHandler.applicationProtocol()} (and
	 * Netty's {@code ApplicationProtocolNegotiationHandler}) sees what was agreed; as on the blocking
	 * engine, the server's order decides, and a client offering none of them gets the alert
	 * {@code no_application_protocol}.
	 */
	private static @Nullable ApplicationProtocolConfig applicationProtocols(List<String> protocols) {
		if (protocols.isEmpty()) {
			return null;
		}
		return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
				ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT,
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
