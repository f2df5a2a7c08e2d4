package dev.listener.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.ProxyHeader;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.RejectReason;
import dev.listener.pipeline.Tls;
import dev.listener.socket.CloseReason;
import dev.listener.socket.Connection;
import dev.listener.socket.HandshakeFailure;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.SocketCounters;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ConnectionPipeline} on the blocking engine: the address check on the accept thread,
 * then, on the connection's own thread, the PROXY header, the TLS handshake and framing, each with
 * its limit and its counter.
 */
final class BlockingPipeline implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(BlockingPipeline.class);

	private final ConnectionPipeline pipeline;

	private final String listenerName;

	/** Closes a connection whose step overran its deadline; started with the first deadline. */
	private @Nullable ScheduledExecutorService deadlines;

	BlockingPipeline(ConnectionPipeline pipeline, String listenerName) {
		this.pipeline = pipeline;
		this.listenerName = listenerName;
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
		if (!readProxyHeader(connection)) {
			return false;
		}
		Tls tls = this.pipeline.tls();
		if (tls != null && !openTls(connection, tls)) {
			return false;
		}
		addFraming(connection);
		return true;
	}

	/**
	 * The TLS handshake, on the connection's thread; past the handshake timeout the connection is
	 * closed under it. A failure is counted under its reason, not as a handler error.
	 */
	private boolean openTls(Connection connection, Tls tls) {
		SocketCounters counters = connection.listenSocket().counters();
		long started = System.nanoTime();
		AtomicBoolean ended = new AtomicBoolean();
		ScheduledFuture<?> deadline = deadline(tls.handshakeTimeout(), () -> {
			if (ended.compareAndSet(false, true)) {
				counters.handshakeFailed(HandshakeFailure.TIMEOUT);
				closeQuietly(connection);
			}
		});
		try {
			connection.startTls(tls.newEngine());
		}
		catch (IOException | RuntimeException ex) {
			if (ended.compareAndSet(false, true)) {
				counters.handshakeFailed(HandshakeFailure.of(ex));
			}
			if (logger.isDebugEnabled()) {
				logger.debug("TLS handshake failed on " + connection, ex);
			}
			return false;
		}
		finally {
			deadline.cancel(false);
		}
		if (!ended.compareAndSet(false, true)) {
			// the deadline came as the handshake finished: it is closed, and counted as a timeout
			return false;
		}
		counters.handshakeCompleted(System.nanoTime() - started);
		return true;
	}

	/** Last: frames are read from what the steps before leave (past the header, decrypted). */
	private void addFraming(Connection connection) {
		if (this.pipeline.framing().isOn()) {
			connection.useFraming(this.pipeline.framing());
		}
	}

	/**
	 * Whether a received datagram may reach the handler: one datagram is one frame, and a longer
	 * one than the limit is counted and dropped.
	 * @param socket the dgram socket that received it
	 * @param length its length in bytes
	 * @return whether to hand it to the handler
	 */
	boolean admitsDatagram(ListenSocket socket, int length) {
		Framing framing = this.pipeline.framing();
		if (framing.isOn() && length > framing.maxFrameSize()) {
			socket.counters().frameRejected();
			return false;
		}
		return true;
	}

	private synchronized ScheduledFuture<?> deadline(Duration timeout, Runnable task) {
		ScheduledExecutorService deadlines = this.deadlines;
		if (deadlines == null) {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
				Thread thread = new Thread(runnable, "listener-" + this.listenerName + "-deadlines");
				thread.setDaemon(true);
				return thread;
			});
			executor.setRemoveOnCancelPolicy(true);
			deadlines = Executors.unconfigurableScheduledExecutorService(executor);
			this.deadlines = deadlines;
		}
		return deadlines.schedule(task, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close(CloseReason.REJECTED);
		}
		catch (IOException ex) {
			logger.trace("Failed to close " + connection, ex);
		}
	}

	/** Stops the deadlines' thread. */
	@Override
	public synchronized void close() {
		ScheduledExecutorService deadlines = this.deadlines;
		if (deadlines != null) {
			deadlines.shutdownNow();
		}
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
