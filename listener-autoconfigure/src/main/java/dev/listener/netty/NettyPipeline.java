package dev.listener.netty;

import java.net.InetSocketAddress;

import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.socket.CloseReason;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.RejectReason;
import dev.listener.socket.SocketCounters;
import io.netty.channel.Channel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ConnectionPipeline} on the Netty engine: the address check when a connection is
 * accepted, then the handlers of the PROXY header, TLS and framing, placed after the starter's
 * counting handler and before the application's.
 */
final class NettyPipeline {

	private static final Log logger = LogFactory.getLog(NettyPipeline.class);

	/** The name of the {@code SslHandler} in a connection's pipeline. */
	static final String TLS_HANDLER = "tls";

	private final ConnectionPipeline pipeline;

	private final @Nullable NettyTls tls;

	NettyPipeline(ConnectionPipeline pipeline) {
		this.pipeline = pipeline;
		this.tls = (pipeline.tls() != null) ? new NettyTls(pipeline.tls()) : null;
	}

	/**
	 * Checks a connection when it is accepted, before it is registered (nothing is read yet).
	 * @param socket the listen socket that accepted it
	 * @param child the accepted connection
	 * @return whether it may be served; a refusal is counted here and closed by the caller
	 */
	boolean admits(ListenSocket socket, Channel child) {
		if (!(child.remoteAddress() instanceof InetSocketAddress peer)) {
			return true;
		}
		RejectReason reason = this.pipeline.checkAccepted(peer.getAddress());
		if (reason == null) {
			return true;
		}
		// refused before the counting handler exists: counted as the blocking engine counts it
		SocketCounters counters = socket.counters();
		counters.connectionAccepted();
		counters.connectionRejected(reason);
		counters.connectionClosed(CloseReason.REJECTED, 0);
		if (logger.isDebugEnabled()) {
			logger.debug("Refusing " + peer + " on " + socket + ": " + reason);
		}
		return false;
	}

	/**
	 * Adds the pipeline's handlers to an accepted connection, after the counting handler.
	 * @param socket the listen socket that accepted it
	 * @param child the accepted connection
	 */
	void addHandlers(ListenSocket socket, Channel child) {
		addProxyProtocol(socket, child);
		addTls(socket, child);
	}

	/**
	 * Netty's {@code SslHandler}, named {@value #TLS_HANDLER} so application handlers can find it
	 * ({@code pipeline().get(SslHandler.class)}), then the handler that times the handshake.
	 */
	private void addTls(ListenSocket socket, Channel child) {
		NettyTls tls = this.tls;
		if (tls != null) {
			child.pipeline().addLast(TLS_HANDLER, tls.newHandler(child.alloc()));
			child.pipeline().addLast(new TlsHandshake(socket.counters()));
		}
	}

	private void addProxyProtocol(ListenSocket socket, Channel child) {
		if (this.pipeline.proxyProtocol().isOn() && child.remoteAddress() instanceof InetSocketAddress) {
			ProxyProtocolHandler.addTo(child.pipeline(), this.pipeline, socket.counters());
		}
	}

}
