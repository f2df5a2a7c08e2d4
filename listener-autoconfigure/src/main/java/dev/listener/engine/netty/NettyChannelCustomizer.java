package dev.listener.engine.netty;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;

/**
 * Adjusts the channels of every listener the Netty engine serves, as Spring Boot's
 * {@code NettyServerCustomizer} adjusts Reactor Netty's server: declare beans of this type and
 * the auto-configuration applies them in order ({@code @Order}). Each method runs before the
 * channel is registered with its event loop; the starter's handlers are in the pipeline by then,
 * under the names in {@link NettyHandlerNames}.
 */
public interface NettyChannelCustomizer {

	/**
	 * A listener's own channel: a server channel accepting connections, or a dgram socket's
	 * channel, such as to set an option.
	 * @param channel the channel
	 */
	default void customizeListenChannel(Channel channel) {
	}

	/**
	 * An accepted connection, after the starter's handlers and the application's
	 * {@link NettyConnectionInitializer}, and before the last handler ({@link NettyHandlerNames#FAILURES}),
	 * such as to add a handler before or after one of the starter's. A failure closes this
	 * connection, counted as a handler error, as an initializer's does.
	 * @param channel the connection: a {@code SocketChannel} on a tcp listener, a domain socket
	 * channel on a unix one (see {@link NettyConnectionInitializer#initChannel})
	 * @throws Exception to close this connection
	 */
	default void customizeConnection(DuplexChannel channel) throws Exception {
	}

}
