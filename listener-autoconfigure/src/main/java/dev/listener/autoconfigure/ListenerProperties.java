package dev.listener.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The listeners: one, named {@code default}, written directly under {@code listener.*}; or several,
 * named under {@code listener.sockets.<name>.*}, each taking the values written directly under
 * {@code listener.*} for what it does not set itself.
 */
@ConfigurationProperties("listener")
public class ListenerProperties extends SocketProperties {

	/**
	 * Whether to open the listeners.
	 */
	private boolean enabled = true;

	/**
	 * Named listeners, by name (lowercase letters, digits and dashes). When set, these are opened
	 * instead of the default one; each accepts every listener.* property and inherits the values
	 * written directly under listener.* unless it sets its own.
	 */
	private final Map<String, SocketProperties> sockets = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, SocketProperties> getSockets() {
		return this.sockets;
	}

}
