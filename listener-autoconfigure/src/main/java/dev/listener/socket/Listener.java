package dev.listener.socket;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A configured listener: what was asked for, what the resolution returned, and the sockets bound
 * from it. All its sockets share one port, or, for family unix, are one socket on a path.
 */
public final class Listener implements Closeable {

	private final ListenerSpec spec;

	private final List<AddressInfo> resolved;

	private final List<ListenSocket> sockets;

	private final SocketOptions options;

	private final @Nullable String inheritedFrom;

	Listener(ListenerSpec spec, List<AddressInfo> resolved, List<ListenSocket> sockets, SocketOptions options) {
		this(spec, resolved, sockets, options, (spec.inheritance() == Inheritance.TRUE) ? "standard input" : null);
	}

	Listener(ListenerSpec spec, List<AddressInfo> resolved, List<ListenSocket> sockets, SocketOptions options,
			@Nullable String inheritedFrom) {
		this.inheritedFrom = inheritedFrom;
		this.spec = spec;
		this.resolved = List.copyOf(resolved);
		this.sockets = List.copyOf(sockets);
		this.options = options;
	}

	/** @return the listener's name, {@code default} for the one under {@code listener.*} */
	public String name() {
		return this.spec.name();
	}

	/** @return what was asked for: hints, host, service, options as configured */
	public ListenerSpec spec() {
		return this.spec;
	}

	/** @return the resolution's results in order, the getaddrinfo chain */
	public List<AddressInfo> resolved() {
		return this.resolved;
	}

	/** @return the bound sockets, one per bound address */
	public List<ListenSocket> sockets() {
		return this.sockets;
	}

	/**
	 * @return whether it accepts stream connections (tcp, unix stream): the one place that asks,
	 * for engines and their selection
	 */
	public boolean isStream() {
		return this.sockets.get(0).channel() instanceof ServerSocketChannel;
	}

	/** @return whether it receives datagrams (dgram/udp) */
	public boolean isDatagram() {
		return this.sockets.get(0).channel() instanceof DatagramChannel;
	}

	/** @return the options in effect, with the backlog made explicit */
	public SocketOptions options() {
		return this.options;
	}

	/**
	 * The addresses the sockets are bound to: {@link java.net.InetSocketAddress}es, or one
	 * {@link java.net.UnixDomainSocketAddress} for family unix.
	 * @return the bound addresses
	 */
	public List<SocketAddress> boundAddresses() {
		return this.sockets.stream().map(ListenSocket::localAddress).toList();
	}

	/**
	 * Where the socket came from when it was inherited instead of bound.
	 * @return {@code standard input}, or {@code systemd (fd 3 'web')} with each descriptor and its
	 * name; {@code null} for a socket the listener bound
	 */
	public @Nullable String inheritedFrom() {
		return this.inheritedFrom;
	}

	/**
	 * The actual port, shared by every socket. A unix socket has no port: its address is the path
	 * in {@link #boundAddresses()}.
	 * @return the port, {@code -1} for a unix listener
	 */
	public int port() {
		return this.sockets.get(0).port();
	}

	/** @return whether every socket is open */
	public boolean isOpen() {
		return this.sockets.stream().allMatch(ListenSocket::isOpen);
	}

	/**
	 * Closes every socket, going on past failures.
	 * @throws IOException the first failure, with the others suppressed
	 */
	@Override
	public void close() throws IOException {
		IOException failure = Closer.closeAll(this.sockets);
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public String toString() {
		return "Listener '" + name() + "' " + this.sockets;
	}

}
