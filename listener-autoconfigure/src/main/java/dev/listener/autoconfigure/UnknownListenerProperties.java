package dev.listener.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Finds keys under {@code listener.} that no property matches, such as {@code listener.familly},
 * which binding would ignore without a word, and warns about each once at startup with the closest
 * property there is. The known properties are read from the properties classes themselves.
 */
final class UnknownListenerProperties {

	private static final Log logger = LogFactory.getLog(UnknownListenerProperties.class);

	private static final ConfigurationPropertyName LISTENER = ConfigurationPropertyName.of("listener");

	private static final ConfigurationPropertyName SOCKETS = ConfigurationPropertyName.of("listener.sockets");

	private UnknownListenerProperties() {
	}

	/** Logs one warning per unknown key. */
	static void warn(Environment environment) {
		for (String message : find(environment)) {
			logger.warn(message);
		}
	}

	/** @return a message per unknown key, naming the closest known property */
	static List<String> find(Environment environment) {
		Set<String> root = names(ListenerProperties.class);
		Set<String> socket = names(SocketProperties.class);
		Set<String> unknown = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(LISTENER::isAncestorOf).stream().forEach((name) -> {
					if (!known(name, root, socket)) {
						unknown.add(name.toString());
					}
				});
			}
		}
		List<String> messages = new ArrayList<>();
		for (String name : unknown) {
			messages.add("Unknown property '" + name + "' ignored: did you mean '" + closest(name, root, socket)
					+ "'?");
		}
		return messages;
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

	private static String closest(String name, Set<String> root, Set<String> socket) {
		ConfigurationPropertyName parsed = ConfigurationPropertyName.of(name);
		boolean named = SOCKETS.isAncestorOf(parsed) && parsed.getNumberOfElements() > 3;
		String prefix = named ? "listener.sockets." + parsed.getElement(2, Form.ORIGINAL) + "." : "listener.";
		String tail = tail(parsed, named ? 3 : 1);
		return prefix + (named ? socket : root).stream()
			.min(Comparator.comparingInt((candidate) -> distance(tail, candidate)))
			.orElse("");
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
