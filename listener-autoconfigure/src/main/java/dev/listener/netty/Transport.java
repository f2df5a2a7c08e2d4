package dev.listener.netty;

import java.io.IOException;

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

	/** @return whether accepting must stop after each connection for the limit to hold exactly */
	default boolean acceptsInBatches() {
		return false;
	}

}
