package dev.listener.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.ProxyHeader;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.socket.CloseReason;
import dev.listener.socket.Connection;
import dev.listener.socket.RejectReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ConnectionPipeline} on the blocking engine: the address check on the accept thread,
 * then, on the connection's own thread, the PROXY header, the TLS handshake and framing, each with
 * its limit and its counter.
 */
final class BlockingPipeline {

	private static final Log logger = LogFactory.getLog(BlockingPipeline.class);

	private final ConnectionPipeline pipeline;

	BlockingPipeline(ConnectionPipeline pipeline) {
		this.pipeline = pipeline;
	}

	/**
	 * Checks a connection right after accept(), before any byte is read.
	 * @param connection the accepted connection
	 * @return whether it may be served; a refusal is counted here and closed by the caller
	 */
	boolean admits(Connection connection) {
		if (!(connection.peerAddress() instanceof InetSocketAddress peer)) {
			return true;
		}
		return allowed(connection, this.pipeline.checkAccepted(peer.getAddress()));
	}

	/**
	 * Runs the steps that read from the connection, before its handler.
	 * @param connection the connection
	 * @return whether it may be served; a refusal is counted here and closed by the caller
	 * @throws IOException when reading fails
	 */
	boolean open(Connection connection) throws IOException {
		return readProxyHeader(connection);
	}

	/**
	 * Reads the PROXY header, with the blocking socket's read timeout as the deadline (a blocking
	 * {@code SocketChannel} read cannot time out, its socket adaptor's can), never past the header:
	 * the bytes read after it go back to the connection for the handler.
	 */
	private boolean readProxyHeader(Connection connection) throws IOException {
		ProxyProtocol proxy = this.pipeline.proxyProtocol();
		if (!proxy.isOn() || !(connection.peerAddress() instanceof InetSocketAddress peer)) {
			return true;
		}
		ByteBuffer bytes = ByteBuffer.allocate(ProxyHeader.MAX_LENGTH);
		Socket socket = connection.channel().socket();
		long deadline = System.nanoTime() + proxy.timeout().toNanos();
		try {
			ProxyHeader.Detection detection = ProxyHeader.Detection.NEEDS_MORE;
			while (detection == ProxyHeader.Detection.NEEDS_MORE) {
				if (!readSome(connection, socket, bytes, deadline)) {
					return false;
				}
				detection = ProxyHeader.detect(bytes);
			}
			if (detection == ProxyHeader.Detection.NO_HEADER) {
				if (proxy.mode() == ProxyProtocol.Mode.REQUIRED) {
					return allowed(connection, RejectReason.PROXY_MALFORMED);
				}
				connection.unread(bytes.flip());
				return allowed(connection, this.pipeline.checkClient(peer.getAddress()));
			}
			if (!proxy.trusts(peer.getAddress())) {
				return allowed(connection, RejectReason.PROXY_UNTRUSTED);
			}
			ProxyHeader header = ProxyHeader.parse(bytes);
			while (header == null) {
				if (!readSome(connection, socket, bytes, deadline)) {
					return false;
				}
				header = ProxyHeader.parse(bytes);
			}
			InetSocketAddress client = (header.client() != null) ? header.client() : peer;
			connection.proxied(client, bytes.flip().position(header.length()));
			return allowed(connection, this.pipeline.checkClient(client.getAddress()));
		}
		catch (SocketTimeoutException ex) {
			return allowed(connection, RejectReason.PROXY_TIMEOUT);
		}
		catch (ProtocolException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Refusing " + connection + ": " + ex.getMessage());
			}
			return allowed(connection, RejectReason.PROXY_MALFORMED);
		}
		finally {
			if (!socket.isClosed()) {
				socket.setSoTimeout(0);
			}
		}
	}

	/**
	 * Reads what has arrived, at most up to the header's limit, counting it as received; a peer
	 * that closes first ends the connection as an orderly end (a TCP health check), not a refusal.
	 * @return whether bytes were read
	 */
	private static boolean readSome(Connection connection, Socket socket, ByteBuffer bytes, long deadline)
			throws IOException {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			throw new SocketTimeoutException();
		}
		socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
		InputStream in = socket.getInputStream();
		int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
		if (read < 0) {
			connection.close(CloseReason.EOF);
			return false;
		}
		bytes.position(bytes.position() + read);
		connection.listenSocket().counters().bytesReceived(read);
		return true;
	}

	/** Counts a refusal, and says whether the connection goes on. */
	private static boolean allowed(Connection connection, @Nullable RejectReason reason) {
		if (reason == null) {
			return true;
		}
		connection.listenSocket().counters().connectionRejected(reason);
		if (logger.isDebugEnabled()) {
			logger.debug("Refusing " + connection + ": " + reason);
		}
		return false;
	}

}
