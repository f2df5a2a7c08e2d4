package dev.listener.socket;

import org.jspecify.annotations.Nullable;

/**
 * Everything needed to open a listener: the arguments of getaddrinfo (node, service, hints) and
 * the socket options; for a unix socket the path and its permissions; or that the socket is
 * inherited from the service manager instead of bound.
 *
 * @param name the listener's name ({@code default} for the {@code listener.*} one)
 * @param hints family, socket type, protocol and passive flag
 * @param host the node name (an IP literal or a host name), {@code null} for none; must be
 * {@code null} for family unix
 * @param service a port number or a service name from the services database; unused for family
 * unix
 * @param options the socket options
 * @param path the socket file of a unix listener, {@code null} for IP families
 * @param permissions the socket file's permissions in {@code ls} form ({@code rw-rw----}),
 * {@code null} to leave what the umask gives
 * @param inheritance whether to bind the socket, serve the listening socket passed on standard
 * input (systemd {@code StandardInput=socket}, inetd {@code wait}), or take one of systemd's socket
 * activation
 * @param inheritedName the name of the systemd socket to take ({@code FileDescriptorName=}),
 * {@code null} for the listener's name
 */
public record ListenerSpec(String name, Hints hints, @Nullable String host, String service, SocketOptions options,
		@Nullable String path, @Nullable String permissions, Inheritance inheritance, @Nullable String inheritedName) {

	/** The name of the listener configured under {@code listener.*}. */
	public static final String DEFAULT_NAME = "default";

	/**
	 * A spec for a socket bound to an IP address.
	 * @param name the listener's name
	 * @param hints family, socket type, protocol and passive flag
	 * @param host the node name, {@code null} for none
	 * @param service a port number or a service name
	 * @param options the socket options
	 */
	public ListenerSpec(String name, Hints hints, @Nullable String host, String service, SocketOptions options) {
		this(name, hints, host, service, options, null, null, false);
	}

	/**
	 * A spec that binds its socket or inherits standard input's.
	 * @param name the listener's name
	 * @param hints family, socket type, protocol and passive flag
	 * @param host the node name, {@code null} for none
	 * @param service a port number or a service name
	 * @param options the socket options
	 * @param path the socket file of a unix listener, {@code null} for IP families
	 * @param permissions the socket file's permissions, {@code null} for the umask's
	 * @param inherited whether to serve the listening socket passed on standard input
	 */
	public ListenerSpec(String name, Hints hints, @Nullable String host, String service, SocketOptions options,
			@Nullable String path, @Nullable String permissions, boolean inherited) {
		this(name, hints, host, service, options, path, permissions, inherited ? Inheritance.TRUE : Inheritance.FALSE,
				null);
	}

	/** @return whether the socket is inherited (standard input or systemd) instead of bound */
	public boolean inherited() {
		return this.inheritance != Inheritance.FALSE;
	}

	/** @return the name of the systemd socket this listener takes */
	public String systemdName() {
		return (this.inheritedName != null && !this.inheritedName.isBlank()) ? this.inheritedName : this.name;
	}

	/**
	 * The address as written, in Go's {@code host:port} form ({@code :27015} when there is no host),
	 * the path for family unix, {@code stdin} for an inherited socket.
	 * @return the configured address
	 */
	public String configuredAddress() {
		if (this.inheritance == Inheritance.TRUE) {
			return "stdin";
		}
		if (this.inheritance == Inheritance.SYSTEMD) {
			return "systemd socket '" + systemdName() + "'";
		}
		if (this.hints.family() == Family.UNIX) {
			return (this.path != null) ? this.path : "(no path)";
		}
		String node = (this.host != null) ? this.host : "";
		return (node.indexOf(':') >= 0 && !node.startsWith("[")) ? "[" + node + "]:" + this.service
				: node + ":" + this.service;
	}

}
