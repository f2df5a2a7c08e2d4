package dev.listener.engine.netty;

import io.netty.channel.socket.DatagramChannel;

/**
 * Adds an application's handlers to each socket of a dgram listener on the Netty engine: they read
 * {@link io.netty.channel.socket.DatagramPacket}s and answer by writing some. The pipeline already
 * holds the starter's handler, which counts datagrams and bytes both ways. An exception that reaches
 * the end of the pipeline is counted in {@link dev.listener.engine.SocketCounters#handlerErrors()},
 * logged once, and the socket goes on receiving.
 */
@FunctionalInterface
public interface NettyDatagramInitializer {

	/**
	 * Adds the handlers of a dgram socket, before it is registered with its event loop.
	 * @param channel the channel of the bound socket; its
	 * {@link NettyConnectionInitializer#LISTEN_SOCKET} attribute is set
	 * @throws Exception to fail startup
	 */
	void initChannel(DatagramChannel channel) throws Exception;

}
