package dev.listener.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.listener.socket.Family;
import dev.listener.socket.Inheritance;
import dev.listener.socket.ListenerSpec;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.Environment;

/**
 * The listeners that {@code listener.*} describes, each with its own properties: the one named
 * {@code default} from {@code listener.*}, or one per {@code listener.sockets.<name>}, bound over
 * the values written directly under {@code listener.*} so that it inherits what it does not set.
 * Bound once, when the bean definitions are registered.
 */
final class ConfiguredListeners {

	/** Lowercase letters, digits and dashes: a property name element, a bean name and a tag value. */
	private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");

	private final SocketProperties root;

	private final List<ConfiguredListener> listeners;

	private ConfiguredListeners(SocketProperties root, List<ConfiguredListener> listeners) {
		this.root = root;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Binds the listeners, refusing values that bind but mean something else, and warns about
	 * unknown keys.
	 */
	static ConfiguredListeners bind(Environment environment) {
		UnknownListenerProperties.warn(environment);
		ConfiguredListeners configured = bindQuietly(environment);
		PropertyChecks.checkNotBlank(ListenerPropertyNames.of(ListenerSpec.DEFAULT_NAME), environment,
				ListenerProperties.class);
		@Nullable ConfiguredListener inherited = null;
		for (ConfiguredListener listener : configured.listeners) {
			PropertyChecks.check(listener, environment);
			String inheritedName = listener.properties().getInheritedName();
			if (inheritedName != null && (inheritedName.isBlank() || inheritedName.contains(":"))) {
				throw new InvalidConfigurationPropertyValueException(listener.names().name("inherited-name"),
						inheritedName, "A systemd socket's name is not blank and has no ':' (LISTEN_FDNAMES separates "
								+ "names with it): set the FileDescriptorName= of the .socket unit, or remove it for "
								+ "the listener's name.");
			}
			if (inheritedName != null && listener.properties().getInherited() != Inheritance.SYSTEMD) {
				throw new InvalidConfigurationPropertyValueException(listener.names().name("inherited-name"),
						inheritedName, "It names a socket of systemd's socket activation and applies only with "
								+ listener.names().name("inherited") + "=systemd, which is "
								+ listener.properties().getInherited().value() + ": set that too, or remove it.");
			}
			if (listener.properties().getInherited() == Inheritance.TRUE) {
				if (inherited != null) {
					throw new InvalidConfigurationPropertyValueException(listener.names().name("inherited"), true,
							"Listener '" + inherited.name() + "' already serves the socket on standard input, and a "
									+ "process inherits one: remove it from one of them (a listener written once "
									+ "under listener.* is inherited by every named one: set it per listener).");
				}
				inherited = listener;
			}
		}
		DependentProperties.warn(configured, environment);
		return configured;
	}

	/** Binds the listeners, without the checks: enough to know their names and kinds. */
	static ConfiguredListeners bindQuietly(Environment environment) {
		Binder binder = binder(environment);
		Map<String, SocketProperties> named = binder
			.bind("listener.sockets", Bindable.mapOf(String.class, SocketProperties.class))
			.orElse(Map.of());
		SocketProperties root = binder.bindOrCreate("listener", SocketProperties.class);
		List<ConfiguredListener> listeners = new ArrayList<>();
		if (named.isEmpty()) {
			listeners.add(new ConfiguredListener(ListenerSpec.DEFAULT_NAME,
					ListenerPropertyNames.of(ListenerSpec.DEFAULT_NAME), root));
		}
		for (String name : named.keySet()) {
			checkName(name);
			SocketProperties properties = binder.bindOrCreate("listener", SocketProperties.class);
			binder.bind("listener.sockets." + name, Bindable.ofInstance(properties));
			if (properties.getFamily() == Family.UNIX
					&& !binder.bind("listener.sockets." + name + ".host", String.class).isBound()) {
				// a host written for the IP listeners beside it does not apply to a socket file
				properties.setHost(null);
			}
			listeners.add(new ConfiguredListener(name, ListenerPropertyNames.of(name), properties));
		}
		return new ConfiguredListeners(root, listeners);
	}

	/** Binds as {@code @ConfigurationProperties} does, with the hint values in either spelling. */
	private static Binder binder(Environment environment) {
		ApplicationConversionService conversionService = new ApplicationConversionService();
		conversionService.addConverter(new HintValueConverter());
		conversionService.addConverter(new InheritingListenerConverter());
		return new Binder(ConfigurationPropertySources.get(environment),
				new PropertySourcesPlaceholdersResolver(environment), conversionService);
	}

	private static void checkName(String name) {
		if (ListenerSpec.DEFAULT_NAME.equals(name)) {
			throw new InvalidConfigurationPropertyValueException("listener.sockets." + name, name,
					"'default' is the name of the listener written directly under listener.*; "
							+ "give this listener another name.");
		}
		if (!NAME.matcher(name).matches()) {
			throw new InvalidConfigurationPropertyValueException("listener.sockets", name,
					"A listener name is used in property names, bean names and meter tags: use lowercase letters, "
							+ "digits and dashes, starting and ending with a letter or digit (such as game-udp).");
		}
	}

	/** @return the listeners, in the order they are configured */
	List<ConfiguredListener> all() {
		return this.listeners;
	}

	/**
	 * The listener of a name; for a listener bean of the user's own, the properties under
	 * {@code listener.*}.
	 */
	ConfiguredListener get(String name) {
		for (ConfiguredListener listener : this.listeners) {
			if (listener.name().equals(name)) {
				return listener;
			}
		}
		return new ConfiguredListener(name, ListenerPropertyNames.of(ListenerSpec.DEFAULT_NAME), this.root);
	}

	/**
	 * One listener and its effective properties.
	 *
	 * @param name its name
	 * @param names where its properties are written
	 * @param properties its properties, inherited ones included
	 */
	record ConfiguredListener(String name, ListenerPropertyNames names, SocketProperties properties) {

		ListenerSpec spec() {
			return this.properties.toSpec(this.name);
		}

	}

}
