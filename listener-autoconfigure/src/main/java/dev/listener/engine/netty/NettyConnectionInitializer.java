package dev.listener.engine.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import dev.listener.socket.ListenSocket;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;

/**
 * Adds an application's handlers to each connection a stream listener accepts on the Netty engine,
 * like {@code ChannelInitializer.initChannel}: declare one as a bean and the listener serves every
 * connection with it. The pipeline already holds the starter's handler, which counts, and enforces
 * the idle timeout; add yours with {@code addLast}. An exception that reaches the end of the
 * pipeline is counted in {@link dev.listener.engine.SocketCounters#handlerErrors()}, logged once,
 * and closes that connection only.
 */
@FunctionalInterface
public interface NettyConnectionInitializer {

	/** The listen socket that accepted a channel, set before {@link #initChannel} is called. */
	AttributeKey<ListenSocket> LISTEN_SOCKET = AttributeKey.valueOf(ListenSocket.class, "listenSocket");

	/**
	 * The client's address when the listener reads the PROXY protocol: from the header, or the
	 * peer's when there was none (optional mode) or it carried none (a balancer's health check).
	 * Set before the application's handlers see {@code channelActive}; {@code channel.remoteAddress()}
	 * stays the balancer's. Read it with {@link #remoteAddress(Channel)}.
	 */
	AttributeKey<InetSocketAddress> REMOTE_ADDRESS = AttributeKey.valueOf(InetSocketAddress.class,
			"remoteAddress");

	/**
	 * The client's address, behind a PROXY protocol balancer or not.
	 * @param channel an accepted connection
	 * @return {@link #REMOTE_ADDRESS} when set, else the channel's remote address
	 */
	static SocketAddress remoteAddress(Channel channel) {
		InetSocketAddress client = channel.attr(REMOTE_ADDRESS).get();
		return (client != null) ? client : channel.remoteAddress();
	}

	/**
	 * Adds the handlers of an accepted connection, before it is registered with its event loop.
	 * @param channel the accepted connection: a {@code SocketChannel} on a tcp listener; on a unix
	 * listener a {@code DomainSocketChannel} (epoll) or a {@code NioDomainSocketChannel} (NIO)
	 * @throws Exception to close this connection
	 */
	void initChannel(DuplexChannel channel) throws Exception;

}
