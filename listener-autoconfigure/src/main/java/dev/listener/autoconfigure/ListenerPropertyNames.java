package dev.listener.autoconfigure;

import java.util.Locale;

import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Setting;

/**
 * Where the properties of a listener are written: under {@code listener.} for the listener named
 * {@code default}, under {@code listener.sockets.<name>.} for a named one. The one place that knows,
 * for the binding and for the failure reports alike.
 */
public final class ListenerPropertyNames {

	private final String prefix;

	private ListenerPropertyNames(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * The property names of a listener.
	 * @param listenerName the listener's name
	 * @return its property names
	 */
	public static ListenerPropertyNames of(String listenerName) {
		return new ListenerPropertyNames(ListenerSpec.DEFAULT_NAME.equals(listenerName) ? "listener."
				: "listener.sockets." + listenerName + ".");
	}

	/**
	 * The property behind a setting, such as {@code listener.sockets.game.port}.
	 * @param setting the setting
	 * @return the property name
	 */
	public String name(Setting setting) {
		return name(setting.name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	/**
	 * A property of the listener, such as {@code listener.sockets.game.connection.max}.
	 * @param property the property below the listener's prefix, {@code connection.max}
	 * @return the property name
	 */
	public String name(String property) {
		return this.prefix + property;
	}

}
