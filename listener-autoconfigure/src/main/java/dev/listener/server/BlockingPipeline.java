package dev.listener.server;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Tls;
import dev.listener.socket.CloseReason;
import dev.listener.socket.Connection;
import dev.listener.socket.HandshakeFailure;
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
		return true;
	}

	/**
	 * Runs the steps that read from the connection, before its handler.
	 * @param connection the connection
	 * @return whether it may be served; a refusal is counted here and closed by the caller
	 * @throws IOException when reading fails
	 */
	boolean open(Connection connection) throws IOException {
		Tls tls = this.pipeline.tls();
		return tls == null || openTls(connection, tls);
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

}
