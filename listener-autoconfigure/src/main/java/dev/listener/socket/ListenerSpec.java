package dev.listener.socket;

import org.jspecify.annotations.Nullable;

/**
 * Everything needed to open a listener: the arguments of getaddrinfo (node, service, hints) and
 * the socket options.
 *
 * @param name the listener's name ({@code default} for the {@code listener.*} one)
 * @param hints family, socket type, protocol and passive flag
 * @param host the node name (an IP literal or a host name), {@code null} for none
 * @param service a port number or a service name from the services database
 * @param options the socket options
 */
public record ListenerSpec(String name, Hints hints, @Nullable String host, String service, SocketOptions options) {

	/** The name of the listener configured under {@code listener.*}. */
	public static final String DEFAULT_NAME = "default";

	/**
	 * The address as written, in Go's {@code host:port} form ({@code :27015} when there is no host).
	 * @return the configured address
	 */
	public String configuredAddress() {
		String node = (this.host != null) ? this.host : "";
		return (node.indexOf(':') >= 0 && !node.startsWith("[")) ? "[" + node + "]:" + this.service
				: node + ":" + this.service;
	}

}
