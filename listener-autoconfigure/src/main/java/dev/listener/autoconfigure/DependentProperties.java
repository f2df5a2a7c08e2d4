package dev.listener.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.pipeline.Framing.Type;
import dev.listener.pipeline.ProxyProtocol.Mode;
import dev.listener.pipeline.Tls;
import dev.listener.socket.ListenerSpec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.Environment;

/**
 * Options that apply only with another one, named at startup when that other one is not set:
 * {@code framing.max-frame-size} without {@code framing.type}, the options of one framing type with
 * another type, {@code proxy-protocol.trusted} and {@code .timeout} with the mode {@code off}, and
 * {@code ssl.client-auth}, {@code .handshake-timeout} and {@code .provider} without {@code ssl.bundle}
 * ({@code client-auth} want or need stops startup there instead). A value written
 * once under {@code listener.*} for every named listener is named only when it applies to none.
 */
final class DependentProperties {

	private static final Log logger = LogFactory.getLog(DependentProperties.class);

	private static final List<Rule> RULES = List.of(
			new Rule("framing.max-frame-size", (p) -> p.getFraming().getType() != Type.NONE, "framing.type",
					"is line, delimiter or length-field", (p) -> PropertyChecks.lower(p.getFraming().getType())),
			new Rule("framing.line-ending", (p) -> p.getFraming().getType() == Type.LINE, "framing.type", "is line",
					(p) -> PropertyChecks.lower(p.getFraming().getType())),
			new Rule("framing.delimiter", (p) -> p.getFraming().getType() == Type.DELIMITER, "framing.type",
					"is delimiter", (p) -> PropertyChecks.lower(p.getFraming().getType())),
			new Rule("framing.length-field.", (p) -> p.getFraming().getType() == Type.LENGTH_FIELD, "framing.type",
					"is length-field", (p) -> PropertyChecks.lower(p.getFraming().getType())),
			new Rule("proxy-protocol.trusted", (p) -> p.getProxyProtocol().getMode() != Mode.OFF,
					"proxy-protocol.mode", "is optional or required",
					(p) -> PropertyChecks.lower(p.getProxyProtocol().getMode())),
			new Rule("proxy-protocol.timeout", (p) -> p.getProxyProtocol().getMode() != Mode.OFF,
					"proxy-protocol.mode", "is optional or required",
					(p) -> PropertyChecks.lower(p.getProxyProtocol().getMode())),
			// want or need without a bundle stops startup (ConnectionPipelines): no warning before the report
			new Rule("ssl.client-auth",
					(p) -> p.getSsl().getBundle() != null || p.getSsl().getClientAuth() != Tls.ClientAuth.NONE,
					"ssl.bundle", "names an SSL bundle", (p) -> "not set"),
			new Rule("ssl.handshake-timeout", (p) -> p.getSsl().getBundle() != null, "ssl.bundle",
					"names an SSL bundle", (p) -> "not set"),
			new Rule("ssl.provider", (p) -> p.getSsl().getBundle() != null, "ssl.bundle", "names an SSL bundle",
					(p) -> "not set"),
			new Rule("limits.per-client.window", (p) -> p.getLimits().getPerClient().getMaxNewConnections() != null,
					"limits.per-client.max-new-connections", "is set", (p) -> "not set"),
			new Rule("limits.dry-run", DependentProperties::limitsPerClient, "limits.per-client.max-connections",
					"or max-new-connections is set", (p) -> "not set (nor is max-new-connections)"),
			new Rule("limits.per-client.ipv", DependentProperties::limitsPerClient,
					"limits.per-client.max-connections", "or max-new-connections is set",
					(p) -> "not set (nor is max-new-connections)"),
			new Rule("limits.per-client.table-size", DependentProperties::limitsPerClient,
					"limits.per-client.max-connections", "or max-new-connections is set",
					(p) -> "not set (nor is max-new-connections)"));

	private static boolean limitsPerClient(SocketProperties properties) {
		SocketProperties.Limits.PerClient perClient = properties.getLimits().getPerClient();
		return perClient.getMaxConnections() != null || perClient.getMaxNewConnections() != null;
	}

	private DependentProperties() {
	}

	/** Logs one warning per option set where it has no effect. */
	static void warn(ConfiguredListeners configured, Environment environment) {
		for (String message : find(configured, environment)) {
			logger.warn(message);
		}
	}

	/** @return a message per option set where it has no effect */
	static List<String> find(ConfiguredListeners configured, Environment environment) {
		Set<String> properties = UnknownListenerProperties.names(SocketProperties.class);
		ListenerPropertyNames root = ListenerPropertyNames.of(ListenerSpec.DEFAULT_NAME);
		Set<String> messages = new LinkedHashSet<>();
		for (Rule rule : RULES) {
			for (String property : properties) {
				if (!property.startsWith(rule.property())) {
					continue;
				}
				if (isSet(environment, root.name(property))
						&& configured.all().stream().noneMatch((listener) -> rule.applies().test(listener.properties()))) {
					messages.add(rule.message(property, root, configured.all().get(0).properties()));
				}
				for (ConfiguredListener listener : configured.all()) {
					String own = listener.names().name(property);
					if (!own.equals(root.name(property)) && isSet(environment, own)
							&& !rule.applies().test(listener.properties())) {
						messages.add(rule.message(property, listener.names(), listener.properties()));
					}
				}
			}
		}
		return new ArrayList<>(messages);
	}

	/** Whether a property, or an element of it ({@code trusted[0]}), is written in a property source. */
	private static boolean isSet(Environment environment, String name) {
		ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.getConfigurationProperty(property) != null
					|| source.containsDescendantOf(property) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Properties (one, or those under a group) that apply only when another one has a value.
	 *
	 * @param property the property, or a group ending in a dot
	 * @param applies whether a listener's properties make it apply
	 * @param other the property it depends on
	 * @param condition when it applies
	 * @param actual the other property's value as a listener has it
	 */
	private record Rule(String property, Predicate<SocketProperties> applies, String other, String condition,
			Function<SocketProperties, String> actual) {

		String message(String name, ListenerPropertyNames names, SocketProperties properties) {
			return names.name(name) + " has no effect: it applies only when " + names.name(this.other) + " "
					+ this.condition + ", and it is " + this.actual.apply(properties);
		}

	}

}
