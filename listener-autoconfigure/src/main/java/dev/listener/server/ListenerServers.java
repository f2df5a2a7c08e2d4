package dev.listener.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.listener.socket.Connection;
import dev.listener.socket.Listener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The engine serving every listener: starts their loops, stops them gracefully or at once, closes
 * connections idle too long, and tells each listener's {@link ServingState}.
 */
public final class ListenerServers implements ServingStates, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ListenerServers.class);

	private final List<ListenerServer> servers;

	private final ServerSettings settings;

	private @Nullable ScheduledExecutorService sweeper;

	private volatile boolean running;

	private volatile boolean stopped;

	/**
	 * Creates the engine; nothing runs before {@link #start()}.
	 * @param listeners the listeners
	 * @param connectionHandler serves the stream listeners, or {@code null} to only hold them
	 * @param datagramHandler serves the dgram listeners, or {@code null} to only hold them
	 * @param settings how to serve
	 * @param executors creates the executor running a stream listener's connections, by listener
	 * name; an {@link java.util.concurrent.ExecutorService} or {@link AutoCloseable} is closed with
	 * the engine
	 */
	public ListenerServers(List<Listener> listeners, @Nullable ConnectionHandler connectionHandler,
			@Nullable DatagramHandler datagramHandler, ServerSettings settings,
			Function<String, Executor> executors) {
		this(listeners, connectionHandler, datagramHandler, settings, executors, Acceptor.SYSTEM,
				Backoff.Sleeper.SYSTEM);
	}

	ListenerServers(List<Listener> listeners, @Nullable ConnectionHandler connectionHandler,
			@Nullable DatagramHandler datagramHandler, ServerSettings settings, Function<String, Executor> executors,
			Acceptor acceptor, Backoff.Sleeper sleeper) {
		this.servers = listeners.stream()
			.map((listener) -> new ListenerServer(listener, connectionHandler, datagramHandler, settings,
					() -> executors.apply(listener.name()), acceptor, sleeper))
			.toList();
		this.settings = settings;
	}

	/**
	 * Starts accepting and receiving; the context calls it once it has refreshed.
	 * @throws IllegalStateException once stopped: stopping closed the listen sockets
	 */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		if (this.stopped) {
			throw new IllegalStateException("Listeners cannot be started again once stopped: their sockets are closed");
		}
		this.running = true;
		for (ListenerServer server : this.servers) {
			server.start();
			if (logger.isInfoEnabled()) {
				logger.info("Listener '" + server.listener().name() + "' " + (server.isServing()
						? "serving (" + this.settings.maxConnections() + " connections at most, idle timeout "
								+ ((this.settings.idleTimeout() != null) ? this.settings.idleTimeout() : "none")
								+ ", shutdown " + this.settings.shutdown().name().toLowerCase(Locale.ROOT) + ")"
						: "holding its sockets: no handler bean for its socket type"));
			}
		}
		Duration idleTimeout = this.settings.idleTimeout();
		if (idleTimeout != null && this.servers.stream().anyMatch(ListenerServer::isServing)) {
			startSweeper(idleTimeout);
		}
	}

	/**
	 * Closes connections idle longer than the timeout from one daemon thread, checking a timestamp
	 * each read and write leaves: no timer, no allocation per read.
	 */
	private void startSweeper(Duration idleTimeout) {
		long timeoutNanos = idleTimeout.toNanos();
		long periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
				Math.min(timeoutNanos / 4, TimeUnit.SECONDS.toNanos(1)));
		ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "listener-idle-sweeper");
			thread.setDaemon(true);
			return thread;
		});
		sweeper.scheduleWithFixedDelay(() -> sweepIdle(timeoutNanos), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
		this.sweeper = sweeper;
	}

	private void sweepIdle(long timeoutNanos) {
		long now = System.nanoTime();
		for (ListenerServer server : this.servers) {
			for (Connection connection : server.connections()) {
				if (connection.idleNanos(now) >= timeoutNanos) {
					try {
						connection.close();
					}
					catch (Exception ex) {
						logger.trace("Failed to close idle " + connection, ex);
					}
				}
			}
		}
	}

	/**
	 * Stops serving as {@link ServerSettings#shutdown()} says: graceful stops accepting and calls
	 * back once the open connections have finished; immediate closes everything, then calls back.
	 * @param callback called once stopped, maybe on another thread
	 */
	public void stop(Runnable callback) {
		this.running = false;
		this.stopped = true;
		List<CompletableFuture<Void>> drained = this.servers.stream().map(ListenerServer::stopAccepting).toList();
		if (this.settings.shutdown() == Shutdown.IMMEDIATE) {
			close();
			callback.run();
			return;
		}
		if (logger.isInfoEnabled() && drained.stream().anyMatch((future) -> !future.isDone())) {
			logger.info("Listeners refuse new connections; waiting for open ones to finish");
		}
		CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new)).thenRun(callback);
	}

	/** @return whether started and not stopped */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * A read-only view for health: each listener's state, by name.
	 * @return the states
	 */
	public Map<String, ServingState> states() {
		Map<String, ServingState> states = new LinkedHashMap<>();
		for (ListenerServer server : this.servers) {
			states.put(server.listener().name(), server.state());
		}
		return states;
	}

	@Override
	public @Nullable ServingState of(Listener listener) {
		for (ListenerServer server : this.servers) {
			if (server.listener() == listener) {
				return server.state();
			}
		}
		return null;
	}

	/** Stops accepting and closes every connection still open, the end of a graceful shutdown too. */
	@Override
	public synchronized void close() {
		this.running = false;
		this.stopped = true;
		ScheduledExecutorService sweeper = this.sweeper;
		if (sweeper != null) {
			sweeper.shutdownNow();
		}
		this.servers.forEach(ListenerServer::close);
	}

}
