package dev.listener.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.listener.pipeline.AddressFilter;
import dev.listener.pipeline.Cidr;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.Tls;
import dev.listener.socket.Family;
import dev.listener.socket.SocketType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;

/**
 * Maps a listener's {@code allow}/{@code deny}, {@code proxy-protocol.*}, {@code ssl.*} and
 * {@code framing.*} properties onto its {@link ConnectionPipeline}, refusing a bad value with a
 * report that names the property, the value and what to write instead.
 */
final class ConnectionPipelines {

	private static final Duration MAX_PROXY_TIMEOUT = Duration.ofHours(1);

	private final @Nullable SslBundles sslBundles;

	ConnectionPipelines(@Nullable SslBundles sslBundles) {
		this.sslBundles = sslBundles;
	}

	ConnectionPipeline of(SocketProperties properties, ListenerPropertyNames names) {
		return new ConnectionPipeline(access(properties, names), proxyProtocol(properties, names),
				tls(properties, names), framing(properties, names));
	}

	/** The address lists; both apply to TCP listeners only, where a connection is accepted. */
	private AddressFilter access(SocketProperties properties, ListenerPropertyNames names) {
		if (properties.getAllow().isEmpty() && properties.getDeny().isEmpty()) {
			return AddressFilter.ALLOW_ALL;
		}
		String property = properties.getAllow().isEmpty() ? "deny" : "allow";
		List<String> values = properties.getAllow().isEmpty() ? properties.getDeny() : properties.getAllow();
		requireTcp(properties, names, property + "[0]", values.get(0));
		return new AddressFilter(cidrs(properties.getAllow(), names, "allow"),
				cidrs(properties.getDeny(), names, "deny"));
	}

	private ProxyProtocol proxyProtocol(SocketProperties properties, ListenerPropertyNames names) {
		SocketProperties.ProxyProtocol proxy = properties.getProxyProtocol();
		List<Cidr> trusted = cidrs(proxy.getTrusted(), names, "proxy-protocol.trusted");
		if (proxy.getMode() == ProxyProtocol.Mode.OFF) {
			return ProxyProtocol.OFF;
		}
		String mode = names.name("proxy-protocol.mode");
		requireTcp(properties, names, "proxy-protocol.mode", PropertyChecks.lower(proxy.getMode()));
		if (trusted.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(names.name("proxy-protocol.trusted"), "(empty)",
					"With " + mode + "=" + PropertyChecks.lower(proxy.getMode()) + " only trusted balancers may send a header: "
							+ "list their networks, as in " + names.name("proxy-protocol.trusted") + "=10.0.0.0/8, "
							+ "or set " + mode + " to off.");
		}
		Duration timeout = proxy.getTimeout();
		if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_PROXY_TIMEOUT) > 0) {
			throw new InvalidConfigurationPropertyValueException(names.name("proxy-protocol.timeout"), timeout,
					"It must be positive and at most 1 hour: set a duration such as 5s (a number alone is in "
							+ "seconds), or remove it for 10 seconds.");
		}
		return new ProxyProtocol(proxy.getMode(), trusted, timeout);
	}

	private static List<Cidr> cidrs(List<String> values, ListenerPropertyNames names, String property) {
		List<Cidr> cidrs = new ArrayList<>(values.size());
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			try {
				cidrs.add(Cidr.parse(value.strip()));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(names.name(property + "[" + i + "]"), value,
						ex.getMessage());
			}
		}
		return cidrs;
	}

	/**
	 * The address lists and the PROXY protocol apply where a TCP connection is accepted: a unix
	 * peer has no IP address, and a datagram has no connection to refuse or header to start with.
	 */
	private static void requireTcp(SocketProperties properties, ListenerPropertyNames names, String property,
			Object value) {
		boolean unix = properties.getFamily() == Family.UNIX;
		if (unix || properties.getSocketType() != SocketType.STREAM) {
			String what = property.replaceAll("\\[0]$", "");
			throw new InvalidConfigurationPropertyValueException(names.name(property), value, what
					+ " applies to TCP listeners, as it acts on each accepted connection, and this one is "
					+ (unix ? "a unix listener (restrict it with the socket file's permissions)"
							: "a " + PropertyChecks.lower(properties.getSocketType()) + " listener")
					+ ": remove it, or set it on a TCP listener.");
		}
	}

	private @Nullable Tls tls(SocketProperties properties, ListenerPropertyNames names) {
		return null;
	}

	private Framing framing(SocketProperties properties, ListenerPropertyNames names) {
		return Framing.NONE;
	}

}
