package dev.listener.engine.blocking;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.listener.engine.CloseReason;
import dev.listener.engine.HandshakeStep;
import dev.listener.engine.ListenerEvents;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.ProxyHeader;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.RejectReason;
import dev.listener.pipeline.Tls;
import dev.listener.socket.ListenSocket;
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

	/** Whether the listener has closed: no deadline is set any more, and no step runs. */
	private boolean closed;

	BlockingPipeline(ConnectionPipeline pipeline, String listenerName) {
		this.pipeline = pipeline;
		this.listenerName = listenerName;
	}

	/**
	 * Checks a connection right after accept(), before any byte is read.
	 * @param connection the accepted connection
	 * @return whether it may be served; a refusal is counted here and closed by the caller
	 */
	boolean admits(BlockingConnection connection) {
		RejectReason filtered = (connection.peerAddress() instanceof InetSocketAddress peer)
				? this.pipeline.checkAccepted(peer.getAddress()) : null;
		return connection.events().admit(filtered) == null;
	}

	/**
	 * Runs the steps that read from the connection, before its handler.
	 * @param connection the connection
	 * @return whether it may be served; a refusal is counted here and closed by the caller
	 * @throws IOException when reading fails
	 */
	boolean open(BlockingConnection connection) throws IOException {
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
	 * The TLS handshake, on the connection's thread; its deadline (a blocking read cannot time out)
	 * closes the connection under it. What each end means is the {@link HandshakeStep}'s.
	 */
	private boolean openTls(BlockingConnection connection, Tls tls) {
		HandshakeStep handshake = new HandshakeStep(connection.events(), tls);
		ScheduledFuture<?> deadline = deadline(handshake.start(), () -> {
			if (handshake.timedOut()) {
				closeQuietly(connection);
			}
		});
		if (deadline == null) {
			return allowed(connection, RejectReason.SHUTDOWN);
		}
		try {
			connection.startTls(tls.newEngine());
		}
		catch (IOException | RuntimeException ex) {
			handshake.failed(ex, connection);
			return false;
		}
		finally {
			deadline.cancel(false);
		}
		return handshake.completed(connection.tlsSession(), connection.tlsApplicationProtocol());
	}

	/** Last: frames are read from what the steps before leave (past the header, decrypted). */
	private void addFraming(BlockingConnection connection) {
		if (this.pipeline.framing().isOn()) {
			connection.useFraming(this.pipeline.framing());
		}
	}

	/**
	 * Whether a received datagram may reach the handler: one datagram is one frame, and a longer
	 * one than the limit is counted and dropped.
	 * @param events the listener's events
	 * @param socket the dgram socket that received it
	 * @param length its length in bytes
	 * @return whether to hand it to the handler
	 */
	boolean admitsDatagram(ListenerEvents events, ListenSocket socket, int length) {
		Framing framing = this.pipeline.framing();
		if (framing.isOn() && length > framing.maxFrameSize()) {
			events.datagramRejected(socket, FrameRejection.TOO_LONG);
			return false;
		}
		return true;
	}

	/**
	 * @return the deadline, or {@code null} once the listener has closed: a step that starts then
	 * is refused for the shutdown, rather than failing on a stopped executor (which would leave the
	 * connection's slot taken) or starting a new one that nothing stops
	 */
	private synchronized @Nullable ScheduledFuture<?> deadline(long timeoutNanos, Runnable task) {
		if (this.closed) {
			return null;
		}
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
		return deadlines.schedule(task, timeoutNanos, TimeUnit.NANOSECONDS);
	}

	private static void closeQuietly(BlockingConnection connection) {
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
		this.closed = true;
		ScheduledExecutorService deadlines = this.deadlines;
		if (deadlines != null) {
			deadlines.shutdownNow();
		}
	}

	/**
	 * Reads the PROXY header through the connection, so that its bytes are counted and keep it from
	 * being idle as any read does; past the header's timeout the connection is closed under it (a
	 * blocking {@code SocketChannel} read cannot time out), as the TLS handshake's is. Never reads
	 * past the header: the bytes read after it go back to the connection for the next step.
	 */
	private boolean readProxyHeader(BlockingConnection connection) throws IOException {
		ProxyProtocol proxy = this.pipeline.proxyProtocol();
		if (!proxy.isOn() || !(connection.peerAddress() instanceof InetSocketAddress peer)) {
			return true;
		}
		AtomicBoolean ended = new AtomicBoolean();
		ScheduledFuture<?> deadline = deadline(proxy.timeout().toNanos(), () -> {
			if (ended.compareAndSet(false, true)) {
				allowed(connection, RejectReason.PROXY_TIMEOUT);
				closeQuietly(connection);
			}
		});
		if (deadline == null) {
			return allowed(connection, RejectReason.SHUTDOWN);
		}
		RejectReason reason;
		try {
			reason = readProxyHeader(connection, proxy, peer);
		}
		catch (IOException ex) {
			if (ended.compareAndSet(false, true)) {
				throw ex;
			}
			// the deadline closed it under the read: counted as a timeout
			return false;
		}
		finally {
			deadline.cancel(false);
		}
		if (!ended.compareAndSet(false, true)) {
			return false;
		}
		return allowed(connection, reason);
	}

	/**
	 * @return why the connection is refused, {@code null} to go on
	 * @throws EOFException when the peer closed first: an orderly end (a TCP health check), closed
	 * as such here, not a refusal
	 */
	private @Nullable RejectReason readProxyHeader(BlockingConnection connection, ProxyProtocol proxy, InetSocketAddress peer)
			throws IOException {
		ByteBuffer bytes = ByteBuffer.allocate(ProxyHeader.MAX_LENGTH);
		try {
			ProxyHeader.Detection detection = ProxyHeader.Detection.NEEDS_MORE;
			while (detection == ProxyHeader.Detection.NEEDS_MORE) {
				readSome(connection, bytes);
				detection = ProxyHeader.detect(bytes);
			}
			if (detection == ProxyHeader.Detection.NO_HEADER) {
				if (proxy.mode() == ProxyProtocol.Mode.REQUIRED) {
					return RejectReason.PROXY_MALFORMED;
				}
				connection.unread(bytes.flip());
				return this.pipeline.checkClient(peer.getAddress());
			}
			if (!proxy.trusts(peer.getAddress())) {
				return RejectReason.PROXY_UNTRUSTED;
			}
			ProxyHeader header = ProxyHeader.parse(bytes);
			while (header == null) {
				readSome(connection, bytes);
				header = ProxyHeader.parse(bytes);
			}
			InetSocketAddress client = (header.client() != null) ? header.client() : peer;
			connection.unread(bytes.flip().position(header.length()));
			return connection.events().proxied(client, this.pipeline.checkClient(client.getAddress()));
		}
		catch (ProtocolException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Refusing " + connection + ": " + ex.getMessage());
			}
			return RejectReason.PROXY_MALFORMED;
		}
	}

	/** Reads what has arrived, at most up to the header's limit, through the connection. */
	private static void readSome(BlockingConnection connection, ByteBuffer bytes) throws IOException {
		if (connection.read(bytes) < 0) {
			connection.close(CloseReason.EOF);
			throw new EOFException("The peer closed the connection before its PROXY protocol header");
		}
	}

	/** Reports a refusal, and says whether the connection goes on. */
	private static boolean allowed(BlockingConnection connection, @Nullable RejectReason reason) {
		if (reason == null) {
			return true;
		}
		connection.events().refused(reason);
		return false;
	}

}
