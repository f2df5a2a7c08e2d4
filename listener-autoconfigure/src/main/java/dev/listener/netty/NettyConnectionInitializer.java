package dev.listener.netty;

import dev.listener.socket.ListenSocket;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;

/**
 * Adds an application's handlers to each connection a stream listener accepts on the Netty engine,
 * like {@code ChannelInitializer.initChannel}: declare one as a bean and the listener serves every
 * connection with it. The pipeline already holds the starter's handler, which counts, and enforces
 * the idle timeout; add yours with {@code addLast}. An exception that reaches the end of the
 * pipeline is counted in {@link dev.listener.socket.SocketCounters#handlerErrors()}, logged once,
 * and closes that connection only.
 */
@FunctionalInterface
public interface NettyConnectionInitializer {

	/** The listen socket that accepted a channel, set before {@link #initChannel} is called. */
	AttributeKey<ListenSocket> LISTEN_SOCKET = AttributeKey.valueOf(ListenSocket.class, "listenSocket");

	/**
	 * Adds the handlers of an accepted connection, before it is registered with its event loop.
	 * @param channel the accepted connection
	 * @throws Exception to close this connection
	 */
	void initChannel(SocketChannel channel) throws Exception;

}
