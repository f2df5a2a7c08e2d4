package dev.listener.socket;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One bound socket: a listening {@link ServerSocketChannel} for stream/tcp and for unix, a bound
 * {@link DatagramChannel} for dgram/udp, or an SCTP channel. Like Go's {@code net.Listener}: accept,
 * close, address. A unix socket file this socket created is removed when it closes.
 */
public final class ListenSocket implements Closeable {

	private final String listenerName;

	private final AddressInfo addressInfo;

	private final SelectableChannel channel;

	private final SocketAddress localAddress;

	private final Closeable closer;

	ListenSocket(String listenerName, AddressInfo addressInfo, SelectableChannel channel, SocketAddress localAddress) {
		this(listenerName, addressInfo, channel, localAddress, channel);
	}

	/**
	 * A socket with its own way to close: removing a unix socket file after the channel, keeping
	 * stdout and stderr when the channel was inherited.
	 */
	ListenSocket(String listenerName, AddressInfo addressInfo, SelectableChannel channel, SocketAddress localAddress,
			Closeable closer) {
		this.listenerName = listenerName;
		this.addressInfo = addressInfo;
		this.channel = channel;
		this.localAddress = localAddress;
		this.closer = closer;
	}

	/** @return the name of the listener this socket belongs to */
	public String listenerName() {
		return this.listenerName;
	}

	/** @return the resolution result this socket was created from */
	public AddressInfo addressInfo() {
		return this.addressInfo;
	}

	/**
	 * The address the socket is bound to: an {@link InetSocketAddress} with the actual port, or a
	 * {@link java.net.UnixDomainSocketAddress} with the path.
	 * @return the bound address
	 */
	public SocketAddress localAddress() {
		return this.localAddress;
	}

	/**
	 * The actual port, also when 0 was asked for.
	 * @return the port, {@code -1} for a unix socket, which has none
	 */
	public int port() {
		return (this.localAddress instanceof InetSocketAddress inet) ? inet.getPort() : -1;
	}

	/** @return the channel */
	public SelectableChannel channel() {
		return this.channel;
	}

	/**
	 * The listening channel of a stream socket (tcp or unix).
	 * @return the channel
	 * @throws IllegalStateException for other socket types
	 */
	public ServerSocketChannel serverSocketChannel() {
		if (this.channel instanceof ServerSocketChannel server) {
			return server;
		}
		throw new IllegalStateException("Listen socket " + this + " is not a stream/tcp socket");
	}

	/**
	 * The channel of a dgram/udp socket.
	 * @return the channel
	 * @throws IllegalStateException for other socket types
	 */
	public DatagramChannel datagramChannel() {
		if (this.channel instanceof DatagramChannel datagram) {
			return datagram;
		}
		throw new IllegalStateException("Listen socket " + this + " is not a dgram/udp socket");
	}

	/**
	 * Accepts a connection on a stream/tcp socket.
	 * @return the accepted channel, or {@code null} when the channel is non-blocking and none is
	 * pending
	 * @throws IOException when accept() fails
	 */
	public @Nullable SocketChannel accept() throws IOException {
		return serverSocketChannel().accept();
	}

	/** @return whether the socket is still open */
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	/**
	 * Closes the channel; a unix socket file it created is removed then (an inherited one belongs to
	 * the service manager and stays).
	 */
	@Override
	public void close() throws IOException {
		this.closer.close();
	}

	@Override
	public String toString() {
		String network = (this.addressInfo.family() == Family.UNIX) ? "unix"
				: this.addressInfo.protocol().name().toLowerCase(Locale.ROOT);
		return network + " " + Addresses.format(this.localAddress);
	}

}
