package dev.listener.diagnostics;

import java.util.Locale;

import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Setting;

/**
 * The configuration property behind each {@link Setting} of a listener: {@code listener.port} for
 * the listener named {@code default}, {@code listener.sockets.<name>.port} for a named one.
 */
final class ListenerPropertyNames {

	private final String prefix;

	private ListenerPropertyNames(String prefix) {
		this.prefix = prefix;
	}

	static ListenerPropertyNames of(String listenerName) {
		return new ListenerPropertyNames(ListenerSpec.DEFAULT_NAME.equals(listenerName) ? "listener."
				: "listener.sockets." + listenerName + ".");
	}

	String name(Setting setting) {
		return this.prefix + setting.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
