package dev.listener.engine.netty;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.function.IntFunction;

import dev.listener.socket.FileDescriptors;
import dev.listener.socket.ListenSocket;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;

/**
 * One Netty transport: its event loop's I/O handler, and how it takes over a socket the starter
 * bound. Each implementation refers to its own native classes only, so none is loaded unless
 * chosen.
 */
interface Transport {

	/** @return the name the log line and the endpoint show */
	String name();

	IoHandlerFactory ioHandlerFactory();

	/**
	 * A Netty channel serving a bound stream socket.
	 * @param socket the socket
	 * @return the channel, not yet registered
	 * @throws IOException when the socket cannot be taken over
	 */
	ServerChannel serverChannel(ListenSocket socket) throws IOException;

	/**
	 * A Netty channel serving a bound dgram socket.
	 * @param socket the socket
	 * @return the channel, not yet registered
	 * @throws IOException when the socket cannot be taken over
	 */
	Channel datagramChannel(ListenSocket socket) throws IOException;

	/**
	 * A native channel on a duplicate of the bound socket's descriptor: the channel owns the
	 * duplicate, which is closed here when the channel cannot be made.
	 * @param socket the socket
	 * @param channel makes the channel from the duplicate
	 * @param <C> the channel type
	 * @return the channel
	 * @throws IOException when the descriptor cannot be duplicated
	 */
	static <C extends Channel> C onDuplicate(ListenSocket socket, IntFunction<C> channel) throws IOException {
		int fd = FileDescriptors.duplicate(socket);
		try {
			return channel.apply(fd);
		}
		catch (RuntimeException | Error ex) {
			FileDescriptors.close(fd);
			throw ex;
		}
	}

	/**
	 * The peer of an accepted connection as the other engines give it: a JDK
	 * {@link java.net.UnixDomainSocketAddress} on a unix listener, an unnamed client's with an empty
	 * path.
	 * @param child the accepted connection
	 * @return its peer's address
	 */
	default SocketAddress remoteAddress(Channel child) {
		return child.remoteAddress();
	}

	/** @return whether accepting must stop after each connection for the limit to hold exactly */
	default boolean acceptsInBatches() {
		return false;
	}

}
