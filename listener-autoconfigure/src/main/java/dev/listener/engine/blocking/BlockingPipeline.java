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
import java.util.function.BooleanSupplier;

import dev.listener.engine.CloseReason;
import dev.listener.engine.HandshakeStep;
import dev.listener.engine.ProxyHeaderStep;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.ProxyHeader;
import dev.listener.pipeline.RejectReason;
import dev.listener.pipeline.Tls;
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
		ScheduledFuture<?> deadline = deadline(handshake.start(), handshake::timedOut, connection);
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
	 * Closes the connection under its step once the deadline passes, if the step says it was still
	 * running then.
	 * @param timeoutNanos how long from now
	 * @param timedOut tells the step its deadline passed; true when the connection is to be closed
	 * @param connection the connection
	 * @return the deadline, or {@code null} once the listener has closed: a step that starts then
	 * is refused for the shutdown, rather than failing on a stopped executor (which would leave the
	 * connection's slot taken) or starting a new one that nothing stops
	 */
	private synchronized @Nullable ScheduledFuture<?> deadline(long timeoutNanos, BooleanSupplier timedOut,
			BlockingConnection connection) {
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
		return deadlines.schedule(() -> {
			if (timedOut.getAsBoolean()) {
				closeQuietly(connection);
			}
		}, timeoutNanos, TimeUnit.NANOSECONDS);
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
	 * past the header: the bytes read after it go back to the connection for the next step. What
	 * the bytes, the header and the deadline mean is the {@link ProxyHeaderStep}'s.
	 */
	private boolean readProxyHeader(BlockingConnection connection) throws IOException {
		ProxyHeaderStep step = ProxyHeaderStep.of(this.pipeline, connection.events(), connection.peerAddress());
		if (step == null) {
			return true;
		}
		ScheduledFuture<?> deadline = deadline(step.timeoutNanos(), step::timedOut, connection);
		if (deadline == null) {
			return allowed(connection, RejectReason.SHUTDOWN);
		}
		try {
			return readProxyHeader(connection, step);
		}
		catch (IOException ex) {
			if (step.failed(ex)) {
				throw ex;
			}
			// the deadline closed it under the read: counted as a timeout
			return false;
		}
		finally {
			deadline.cancel(false);
		}
	}

	/**
	 * @return whether the connection goes on; a refusal is counted by the step
	 * @throws EOFException when the peer closed first: an orderly end (a TCP health check), closed
	 * as such here, not a refusal
	 */
	private static boolean readProxyHeader(BlockingConnection connection, ProxyHeaderStep step) throws IOException {
		ByteBuffer bytes = ByteBuffer.allocate(ProxyHeader.MAX_LENGTH);
		ProxyHeaderStep.Next next = ProxyHeaderStep.Next.MORE;
		while (next == ProxyHeaderStep.Next.MORE) {
			readSome(connection, bytes);
			next = step.detect(bytes);
		}
		if (next == ProxyHeaderStep.Next.SERVE) {
			connection.unread(bytes.flip());
			return true;
		}
		if (next == ProxyHeaderStep.Next.REFUSED) {
			return false;
		}
		ProxyHeader header;
		try {
			header = ProxyHeader.parse(bytes);
			while (header == null) {
				readSome(connection, bytes);
				header = ProxyHeader.parse(bytes);
			}
		}
		catch (ProtocolException ex) {
			step.malformed(ex.getMessage());
			return false;
		}
		connection.unread(bytes.flip().position(header.length()));
		return step.header(header.client());
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
