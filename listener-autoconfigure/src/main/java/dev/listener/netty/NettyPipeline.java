package dev.listener.netty;

import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.socket.ListenSocket;
import io.netty.channel.Channel;

/**
 * The {@link ConnectionPipeline} on the Netty engine: the address check when a connection is
 * accepted, then the handlers of the PROXY header, TLS and framing, placed after the starter's
 * counting handler and before the application's.
 */
final class NettyPipeline {

	private final ConnectionPipeline pipeline;

	NettyPipeline(ConnectionPipeline pipeline) {
		this.pipeline = pipeline;
	}

	/**
	 * Checks a connection when it is accepted, before it is registered (nothing is read yet).
	 * @param socket the listen socket that accepted it
	 * @param child the accepted connection
	 * @return whether it may be served; a refusal is counted here and closed by the caller
	 */
	boolean admits(ListenSocket socket, Channel child) {
		return true;
	}

	/**
	 * Adds the pipeline's handlers to an accepted connection, after the counting handler.
	 * @param socket the listen socket that accepted it
	 * @param child the accepted connection
	 */
	void addHandlers(ListenSocket socket, Channel child) {
	}

}
