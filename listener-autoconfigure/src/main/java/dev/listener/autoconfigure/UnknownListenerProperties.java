package dev.listener.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Finds keys under {@code listener.} that no property matches, such as {@code listener.familly},
 * which binding would ignore without a word, and warns about each once at startup with the closest
 * property there is. The known properties are read from the properties classes themselves. An
 * environment variable that merely starts with {@code LISTENER_} is not warned about (at DEBUG
 * only); an unknown key under {@code ssl.} stops startup.
 */
final class UnknownListenerProperties {

	private static final Log logger = LogFactory.getLog(UnknownListenerProperties.class);

	private static final ConfigurationPropertyName LISTENER = ConfigurationPropertyName.of("listener");

	private static final ConfigurationPropertyName SOCKETS = ConfigurationPropertyName.of("listener.sockets");

	private UnknownListenerProperties() {
	}

	/**
	 * Logs one warning per unknown key, and stops startup on an unknown key under {@code ssl.}: a
	 * user who writes {@code listener.ssl.enabled=true} believes TLS is on, and must not get a
	 * listener that serves plaintext.
	 */
	static void warn(Environment environment) {
		for (Unknown unknown : unknown(environment)) {
			if (unknown.tls()) {
				throw new InvalidConfigurationPropertyValueException(unknown.name(), unknown.value(),
						"There is no such TLS property, and this listener would not serve TLS: TLS is on when "
								+ unknown.prefix() + "ssl.bundle names an SSL bundle (spring.ssl.bundle.*). "
								+ "Did you mean '" + unknown.closest() + "'?");
			}
			if (unknown.environment()) {
				logger.debug("Environment variable mapped to " + unknown.message());
			}
			else {
				logger.warn(unknown.message());
			}
		}
	}

	/** @return a message per unknown key that is warned about, naming the closest known property */
	static List<String> find(Environment environment) {
		return unknown(environment).stream().filter((unknown) -> !unknown.environment()).map(Unknown::message).toList();
	}

	private static List<Unknown> unknown(Environment environment) {
		Set<String> root = names(ListenerProperties.class);
		Set<String> socket = names(SocketProperties.class);
		Map<String, Unknown> unknown = new TreeMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				// relaxed binding maps LISTENER_TLS_CERT to listener.tls.cert: only its known names are meant for us
				boolean fromEnvironment = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
				iterable.filter(LISTENER::isAncestorOf).stream().forEach((name) -> {
					if (!known(name, root, socket)) {
						ConfigurationProperty property = source.getConfigurationProperty(name);
						Object value = (property != null) ? property.getValue() : "";
						unknown.putIfAbsent(name.toString(), unknown(name, value, fromEnvironment, root, socket));
					}
				});
			}
		}
		return List.copyOf(unknown.values());
	}

	private static Unknown unknown(ConfigurationPropertyName name, Object value, boolean fromEnvironment,
			Set<String> root, Set<String> socket) {
		boolean named = SOCKETS.isAncestorOf(name) && name.getNumberOfElements() > 3;
		String prefix = named ? "listener.sockets." + name.getElement(2, Form.ORIGINAL) + "." : "listener.";
		String tail = tail(name, named ? 3 : 1);
		Set<String> candidates = named ? socket : root;
		boolean tls = tail.startsWith("ssl.");
		if (tls) {
			candidates = candidates.stream().filter((candidate) -> candidate.startsWith("ssl.")).collect(Collectors.toSet());
		}
		return new Unknown(name.toString(), String.valueOf(value), prefix, prefix + closest(tail, candidates), tls,
				fromEnvironment);
	}

	/**
	 * An unknown key.
	 *
	 * @param name its name
	 * @param value its value
	 * @param prefix where its listener's properties are written
	 * @param closest the known property it probably meant
	 * @param tls whether it is written under {@code ssl.}
	 * @param environment whether it comes from an environment variable
	 */
	private record Unknown(String name, String value, String prefix, String closest, boolean tls,
			boolean environment) {

		String message() {
			return "Unknown property '" + this.name + "' ignored: did you mean '" + this.closest + "'?";
		}

	}

	private static boolean known(ConfigurationPropertyName name, Set<String> root, Set<String> socket) {
		if (SOCKETS.isAncestorOf(name) && name.getNumberOfElements() > 3) {
			return socket.contains(tail(name, 3));
		}
		return root.contains(tail(name, 1)) || (SOCKETS.isAncestorOf(name) && name.getNumberOfElements() == 3);
	}

	/** The dashed elements from {@code from} on, up to a list index: {@code allow[1]} is {@code allow}. */
	private static String tail(ConfigurationPropertyName name, int from) {
		List<String> elements = new ArrayList<>();
		for (int i = from; i < name.getNumberOfElements() && !name.isNumericIndex(i); i++) {
			elements.add(name.getElement(i, Form.DASHED));
		}
		return String.join(".", elements);
	}

	/**
	 * The known property closest to an unknown one: one of the same last element in another group
	 * ({@code idle-timeout} is {@code connection.idle-timeout}); in a group that does not exist, the
	 * closest in the closest group ({@code tls.key} is {@code ssl.bundle}); else the least edit
	 * distance.
	 */
	private static String closest(String tail, Set<String> candidates) {
		String leaf = leaf(tail);
		for (String candidate : candidates) {
			if (leaf(candidate).equals(leaf)) {
				return candidate;
			}
		}
		int dot = tail.indexOf('.');
		if (dot > 0 && candidates.stream().noneMatch((candidate) -> candidate.startsWith(tail.substring(0, dot + 1)))) {
			String group = tail.substring(0, dot);
			Set<String> groups = new TreeSet<>();
			candidates.stream().filter((candidate) -> candidate.indexOf('.') > 0)
				.forEach((candidate) -> groups.add(candidate.substring(0, candidate.indexOf('.'))));
			String closestGroup = min(group, groups);
			return closestGroup + "." + min(leaf, candidates.stream()
				.filter((candidate) -> candidate.startsWith(closestGroup + "."))
				.map(UnknownListenerProperties::leaf)
				.toList());
		}
		return min(tail, candidates);
	}

	private static String min(String name, Collection<String> candidates) {
		return candidates.stream().min(Comparator.comparingInt((candidate) -> distance(name, candidate))).orElse("");
	}

	private static String leaf(String name) {
		return name.substring(name.lastIndexOf('.') + 1);
	}

	/** The kebab-case names of a properties class and of its nested groups, {@code connection.max}. */
	static Set<String> names(Class<?> type) {
		Set<String> names = new LinkedHashSet<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			String name = kebab(property.getName());
			Class<?> propertyType = property.getPropertyType();
			if (propertyType.getEnclosingClass() != null && propertyType.getPackageName().equals(type.getPackageName())
					&& property.getWriteMethod() == null) {
				for (String nested : names(propertyType)) {
					names.add(name + "." + nested);
				}
			}
			else if (!Map.class.isAssignableFrom(propertyType)) {
				names.add(name);
			}
		}
		return names;
	}

	private static String kebab(String camel) {
		StringBuilder kebab = new StringBuilder();
		for (char c : camel.toCharArray()) {
			if (Character.isUpperCase(c)) {
				kebab.append('-').append(Character.toLowerCase(c));
			}
			else {
				kebab.append(c);
			}
		}
		return kebab.toString();
	}

	/** Levenshtein's edit distance. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
