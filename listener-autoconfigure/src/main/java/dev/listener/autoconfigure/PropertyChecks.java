package dev.listener.autoconfigure;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.socket.Family;
import dev.listener.socket.SocketType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Refuses values that bind but say something else than the user meant, before any socket is
 * opened: a port with a protocol ({@code 27015/tcp}) or spaces, an empty port or host, a host with
 * a port ({@code 127.0.0.1:80}), and an option written for a listener whose socket type does not
 * have it ({@code send-buffer-size} on a stream listener). Only values a listener sets itself are
 * checked against its socket type: a value written once under {@code listener.*} for every named
 * listener applies to those it fits.
 */
final class PropertyChecks {

	/** {@code host:port}, {@code [v6]:port}: one colon, or a bracketed literal, then digits. */
	private static final Pattern HOST_WITH_PORT = Pattern.compile("(\\[[^\\]]*\\]|[^:\\[\\]]*):(\\d+)");

	private static final List<String> STREAM_ONLY = List.of("backlog", "threads.max", "connection.max",
			"connection.idle-timeout", "connection.tcp-no-delay", "connection.keep-alive",
			"limits.per-client.max-connections", "limits.per-client.max-new-connections", "limits.max-accept-rate");

	/** Limits on a client's address, which a unix peer does not have. */
	private static final List<String> IP_ONLY = List.of("limits.per-client.max-connections",
			"limits.per-client.max-new-connections");

	private static final List<String> DGRAM_ONLY = List.of("send-buffer-size");

	private PropertyChecks() {
	}

	/**
	 * Refuses an empty value, which binding would take as "unset" for some types and silently
	 * replace with the default.
	 */
	static void checkNotBlank(ListenerPropertyNames names, Environment environment, Class<?> properties) {
		for (String property : UnknownListenerProperties.names(properties)) {
			Object value = valueSetAt(environment, names.name(property));
			// a delimiter may well be white space: CRLF, a tab
			if (value instanceof CharSequence text
					&& (text.isEmpty() || (text.toString().isBlank() && !property.equals("framing.delimiter")))) {
				throw new InvalidConfigurationPropertyValueException(names.name(property), value,
						"It is empty: remove it for the default, or set a value.");
			}
		}
	}

	static void check(ConfiguredListener listener, Environment environment) {
		ListenerPropertyNames names = listener.names();
		checkNotBlank(names, environment, SocketProperties.class);
		SocketProperties properties = listener.properties();
		checkPort(names.name("port"), properties.getPort());
		checkHost(names, properties.getHost());
		SocketType type = properties.getSocketType();
		List<String> notApplying = (type == SocketType.DGRAM) ? STREAM_ONLY
				: (type == SocketType.STREAM) ? DGRAM_ONLY : List.of();
		for (String property : notApplying) {
			String name = names.name(property);
			Object value = valueSetAt(environment, name);
			if (value != null) {
				throw new InvalidConfigurationPropertyValueException(name, value, property + " does not apply to "
						+ lower(type) + " listeners (" + ((type == SocketType.DGRAM) ? "it is for stream ones" : "it is "
								+ "for dgram ones") + "): remove it, or set " + names.name("socket-type") + " to "
						+ ((type == SocketType.DGRAM) ? "stream" : "dgram") + ".");
			}
		}
		if (properties.getFamily() == Family.UNIX) {
			for (String property : IP_ONLY) {
				String name = names.name(property);
				Object value = valueSetAt(environment, name);
				if (value != null) {
					throw new InvalidConfigurationPropertyValueException(name, value, property + " does not apply to "
							+ "unix listeners: a unix peer has no address to count it by. Remove it, and limit the "
							+ "listener as a whole with " + names.name("connection.max") + " or "
							+ names.name("limits.max-accept-rate") + ".");
				}
			}
		}
	}

	private static void checkPort(String name, String port) {
		if (port.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(name, port,
					"It is empty: set a port number from 0 to 65535 (0 picks a free port) or a service name such as "
							+ "http, or remove it for 27015.");
		}
		if (!port.strip().equals(port)) {
			throw new InvalidConfigurationPropertyValueException(name, port,
					"It has spaces around it: write '" + port.strip() + "'.");
		}
		int slash = port.indexOf('/');
		if (slash >= 0) {
			throw new InvalidConfigurationPropertyValueException(name, port, "It names a protocol, as /etc/services "
					+ "writes it: write the port alone (" + port.substring(0, slash) + "), and the protocol in "
					+ name.substring(0, name.length() - "port".length()) + "protocol.");
		}
	}

	private static void checkHost(ListenerPropertyNames names, @Nullable String host) {
		if (host == null) {
			return;
		}
		String name = names.name("host");
		if (host.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(name, host, "It is empty: remove it for "
					+ "the wildcard (or the loopback when not passive), or set an IP address or a host name.");
		}
		Matcher matcher = HOST_WITH_PORT.matcher(host);
		if (matcher.matches()) {
			String address = matcher.group(1);
			address = (address.startsWith("[")) ? address.substring(1, address.length() - 1) : address;
			throw new InvalidConfigurationPropertyValueException(name, host, "It includes a port: set " + name
					+ " to " + address + " and " + names.name("port") + " to " + matcher.group(2) + ".");
		}
	}

	/** The value written for a property itself, not inherited and not a default. */
	private static @Nullable Object valueSetAt(Environment environment, String name) {
		ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			var value = source.getConfigurationProperty(property);
			if (value != null) {
				return value.getValue();
			}
		}
		return null;
	}

	/** @return an enum value as a property takes it: {@code LENGTH_FIELD} is {@code length-field} */
	static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
