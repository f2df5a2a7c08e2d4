package dev.listener.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.pipeline.ClientLimits;
import dev.listener.pipeline.ClientLimitsByListener;
import dev.listener.pipeline.Durations;
import dev.listener.socket.Family;
import dev.listener.socket.SocketType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Maps each listener's {@code limits.*} properties onto its {@link ClientLimits}, made once per
 * listener on first use, refusing a bad value with a report that names the property, the value and
 * what to write instead. A limit applies to TCP listeners; a unix listener has no client address,
 * so only {@code max-accept-rate} applies to it. A limit written under {@code listener.*} for every
 * named listener applies to those it fits (a dgram listener is refused one it sets itself, by
 * {@link PropertyChecks}).
 */
final class ConfiguredClientLimits implements ClientLimitsByListener {

	/** Far beyond any useful window, and far below what nanosecond arithmetic can hold. */
	private static final Duration MAX_WINDOW = Duration.ofDays(1);

	private static final int MAX_ACCEPT_RATE = 1_000_000;

	private final Supplier<ConfiguredListeners> listeners;

	private final Map<String, ClientLimits> limits = new ConcurrentHashMap<>();

	ConfiguredClientLimits(Supplier<ConfiguredListeners> listeners) {
		this.listeners = listeners;
	}

	@Override
	public ClientLimits of(String listenerName) {
		return this.limits.computeIfAbsent(listenerName, (name) -> of(this.listeners.get().get(name)));
	}

	private static ClientLimits of(ConfiguredListener listener) {
		SocketProperties properties = listener.properties();
		ClientLimits.Settings settings = settings(properties.getLimits(), listener.names());
		if (properties.getSocketType() != SocketType.STREAM) {
			return ClientLimits.OFF;
		}
		if (properties.getFamily() == Family.UNIX) {
			settings = new ClientLimits.Settings(0, 0, settings.window(), settings.ipv4Prefix(), settings.ipv6Prefix(),
					settings.tableSize(), settings.maxAcceptRate(), settings.dryRun());
		}
		return settings.perClient() || settings.maxAcceptRate() > 0 ? new ClientLimits(settings) : ClientLimits.OFF;
	}

	static ClientLimits.Settings settings(SocketProperties.Limits limits, ListenerPropertyNames names) {
		SocketProperties.Limits.PerClient perClient = limits.getPerClient();
		int maxConnections = atLeastOne(perClient.getMaxConnections(), names, "limits.per-client.max-connections",
				"connections");
		int maxNew = atLeastOne(perClient.getMaxNewConnections(), names, "limits.per-client.max-new-connections",
				"new connections per window");
		Duration window = perClient.getWindow();
		if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
			throw new InvalidConfigurationPropertyValueException(names.name("limits.per-client.window"),
					Durations.format(window), "It must be positive and at most 1 day: set a duration such as 10s (a "
							+ "number alone is in seconds), or remove it for 10 seconds.");
		}
		int ipv4Prefix = prefix(perClient.getIpv4Prefix(), 32, names, "limits.per-client.ipv4-prefix",
				"24 makes each /24 network one client");
		int ipv6Prefix = prefix(perClient.getIpv6Prefix(), 128, names, "limits.per-client.ipv6-prefix",
				"64 makes each /64 subnet, what a host usually has, one client");
		int tableSize = perClient.getTableSize();
		if (tableSize < 1 || tableSize > ClientLimits.Settings.MAX_TABLE_SIZE) {
			throw new InvalidConfigurationPropertyValueException(names.name("limits.per-client.table-size"), tableSize,
					"It must be from 1 to " + ClientLimits.Settings.MAX_TABLE_SIZE + " clients (about 64 bytes each): "
							+ "set one in that range, or remove it for 65536.");
		}
		Integer rate = limits.getMaxAcceptRate();
		if (rate != null && (rate < 1 || rate > MAX_ACCEPT_RATE)) {
			throw new InvalidConfigurationPropertyValueException(names.name("limits.max-accept-rate"), rate,
					"It must be from 1 to " + MAX_ACCEPT_RATE + " connections a second: set one in that range, or "
							+ "remove it for no limit.");
		}
		return new ClientLimits.Settings(maxConnections, maxNew, window, ipv4Prefix, ipv6Prefix, tableSize,
				(rate != null) ? rate : 0, limits.isDryRun());
	}

	private static int atLeastOne(@Nullable Integer value, ListenerPropertyNames names, String property,
			String what) {
		if (value == null) {
			return 0;
		}
		if (value < 1) {
			throw new InvalidConfigurationPropertyValueException(names.name(property), value,
					"It must be at least 1 " + what + " per client: raise it, or remove it for no limit.");
		}
		return value;
	}

	private static int prefix(int value, int bits, ListenerPropertyNames names, String property, String example) {
		if (value < 0 || value > bits) {
			throw new InvalidConfigurationPropertyValueException(names.name(property), value,
					"A prefix length is from 0 to " + bits + " bits: " + bits + " makes each address a client, "
							+ example + ".");
		}
		return value;
	}

}
