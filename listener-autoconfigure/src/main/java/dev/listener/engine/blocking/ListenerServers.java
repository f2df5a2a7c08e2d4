package dev.listener.engine.blocking;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.listener.engine.Backoff;
import dev.listener.engine.CloseReason;
import dev.listener.engine.ListenerEngine;
import dev.listener.engine.ListenerEngineFactory;
import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.engine.ServingState;
import dev.listener.engine.ServingStates;
import dev.listener.engine.Shutdown;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;
import dev.listener.pipeline.Durations;
import dev.listener.pipeline.Tls;
import dev.listener.socket.Listener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Serves every listener, each through its {@link ListenerEngine} (the blocking loops, or another
 * engine such as Netty's): starts them, stops them gracefully or at once, closes the blocking
 * engine's connections idle too long, and tells each listener's {@link ServingState} and engine.
 */
public final class ListenerServers implements ServingStates, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ListenerServers.class);

	private final List<ListenerEngine> servers;

	private @Nullable ScheduledExecutorService sweeper;

	private volatile boolean running;

	private volatile boolean stopped;

	/** Closed, by the context once the shutdown phase has ended: a delay still running stops nothing more. */
	private volatile boolean closed;

	private @Nullable ScheduledExecutorService delayer;

	/** Each listener with a shutdown delay: completes once it has stopped after its delay. */
	private volatile Map<String, CompletableFuture<Void>> delayed = Map.of();

	/**
	 * Creates the engine; nothing runs before {@link #start()}.
	 * @param listeners the listeners, each with its handler and settings
	 */
	public ListenerServers(List<ServedListener> listeners) {
		this(listeners, Acceptor.SYSTEM, Backoff.Sleeper.SYSTEM);
	}

	/**
	 * Creates the engine serving every listener alike; nothing runs before {@link #start()}.
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
		this(alike(listeners, connectionHandler, datagramHandler, settings, executors), Acceptor.SYSTEM,
				Backoff.Sleeper.SYSTEM);
	}

	ListenerServers(List<Listener> listeners, @Nullable ConnectionHandler connectionHandler,
			@Nullable DatagramHandler datagramHandler, ServerSettings settings, Function<String, Executor> executors,
			Acceptor acceptor, Backoff.Sleeper sleeper) {
		this(alike(listeners, connectionHandler, datagramHandler, settings, executors), acceptor, sleeper);
	}

	ListenerServers(List<ServedListener> listeners, Acceptor acceptor, Backoff.Sleeper sleeper) {
		this.servers = listeners.stream().map((served) -> engine(served, acceptor, sleeper)).toList();
	}

	private static ListenerEngine engine(ServedListener served, Acceptor acceptor, Backoff.Sleeper sleeper) {
		ListenerEngineFactory factory = served.engine();
		return (factory != null) ? factory.create(served) : new ListenerServer(served, acceptor, sleeper);
	}

	private static List<ServedListener> alike(List<Listener> listeners, @Nullable ConnectionHandler connectionHandler,
			@Nullable DatagramHandler datagramHandler, ServerSettings settings, Function<String, Executor> executors) {
		return listeners.stream()
			.map((listener) -> new ServedListener(listener, connectionHandler, datagramHandler, settings,
					() -> executors.apply(listener.name())))
			.toList();
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
		for (ListenerEngine server : this.servers) {
			server.start();
			// under the engine's own logger, as Boot's servers log their start (NettyWebServer: "Netty started on
			// port"); a listener no engine serves is the starter's to tell (unserved())
			Log engineLogger = LogFactory.getLog(server.getClass());
			if (server.isServing() && engineLogger.isInfoEnabled()) {
				engineLogger.info("Listener '" + server.listener().name() + "' " + server.describe());
			}
		}
		long periodNanos = this.servers.stream()
			.filter((server) -> server instanceof ListenerServer && server.isServing())
			.map((server) -> server.settings().idleTimeout())
			.filter(Objects::nonNull)
			.mapToLong((timeout) -> sweepPeriodNanos(timeout.toNanos()))
			.min()
			.orElse(0);
		if (periodNanos > 0) {
			startSweeper(periodNanos);
		}
	}

	/** A quarter of the timeout, between 10 ms and 1 s. */
	private static long sweepPeriodNanos(long timeoutNanos) {
		return Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(timeoutNanos / 4, TimeUnit.SECONDS.toNanos(1)));
	}

	/**
	 * Closes connections idle longer than their listener's timeout from one daemon thread, checking
	 * a timestamp each read and write leaves: no timer, no allocation per read.
	 */
	private void startSweeper(long periodNanos) {
		ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "listener-idle-sweeper");
			thread.setDaemon(true);
			return thread;
		});
		sweeper.scheduleWithFixedDelay(this::sweepIdle, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
		this.sweeper = sweeper;
	}

	private void sweepIdle() {
		long now = System.nanoTime();
		for (ListenerEngine engine : this.servers) {
			Duration idleTimeout = engine.settings().idleTimeout();
			if (idleTimeout == null || !(engine instanceof ListenerServer server)) {
				continue;
			}
			long timeoutNanos = idleTimeout.toNanos();
			for (BlockingConnection connection : server.connections()) {
				if (connection.idleNanos(now) >= timeoutNanos) {
					try {
						connection.close(CloseReason.IDLE);
					}
					catch (Exception ex) {
						logger.trace("Failed to close idle " + connection, ex);
					}
				}
			}
		}
	}

	/**
	 * Stops serving as each listener's {@link ServerSettings#shutdown()} says: graceful stops
	 * accepting and lets the open connections finish; immediate closes everything at once. A
	 * listener with a {@link ServerSettings#shutdownDelay()} goes on accepting for that long first,
	 * saying when it stops.
	 * @param callback called once every listener has stopped, maybe on another thread
	 */
	public void stop(Runnable callback) {
		this.running = false;
		this.stopped = true;
		long start = System.nanoTime();
		List<CompletableFuture<Void>> drained = new ArrayList<>();
		Map<ListenerEngine, CompletableFuture<Void>> draining = new LinkedHashMap<>();
		Map<String, CompletableFuture<Void>> delayed = new LinkedHashMap<>();
		for (ListenerEngine server : this.servers) {
			Duration delay = server.settings().shutdownDelay();
			if (delay.isZero()) {
				CompletableFuture<Void> stopped = stop(server);
				drained.add(stopped);
				if (!stopped.isDone()) {
					draining.put(server, stopped);
				}
				continue;
			}
			if (logger.isInfoEnabled()) {
				logger.info("Listener '" + server.listener().name() + "' goes on accepting for "
						+ Durations.format(delay) + " (its shutdown-delay), then stops accepting");
			}
			CompletableFuture<Void> stopped = new CompletableFuture<>();
			delayer().schedule(() -> stopAfterDelay(server, start).whenComplete((result, ex) -> stopped.complete(null)),
					delay.toNanos(), TimeUnit.NANOSECONDS);
			delayed.put(server.listener().name(), stopped);
		}
		this.delayed = delayed;
		if (logger.isInfoEnabled()) {
			logDraining(draining);
		}
		drained.addAll(delayed.values());
		CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new)).thenRun(callback);
	}

	/**
	 * Says how many connections a graceful stop waits for, by listener when several have some, or
	 * only that it waits where an engine that has not drained gives no count.
	 */
	private static void logDraining(Map<ListenerEngine, CompletableFuture<Void>> draining) {
		List<String> byListener = new ArrayList<>();
		int open = 0;
		boolean uncounted = false;
		for (Map.Entry<ListenerEngine, CompletableFuture<Void>> entry : draining.entrySet()) {
			ListenerEngine server = entry.getKey();
			int count = server.openConnections();
			if (count > 0) {
				open += count;
				byListener.add(count + " on '" + server.listener().name() + "'");
			}
			else if (!entry.getValue().isDone()) {
				uncounted = true;
			}
		}
		if (uncounted) {
			logger.info("Listeners refuse new connections; waiting for open ones to finish");
		}
		else if (open > 0) {
			logger.info("Listeners refuse new connections; waiting for " + connections(open)
					+ " still open to finish" + ((byListener.size() > 1) ? " (" + String.join(", ", byListener) + ")" : ""));
		}
	}

	private static String connections(int count) {
		return count + " connection" + ((count != 1) ? "s" : "");
	}

	private static CompletableFuture<Void> stop(ListenerEngine server) {
		if (server.settings().shutdown() == Shutdown.IMMEDIATE) {
			server.close();
			return CompletableFuture.completedFuture(null);
		}
		return server.stopAccepting();
	}

	/** One daemon thread ends the delays, created at the first one. */
	private synchronized ScheduledExecutorService delayer() {
		ScheduledExecutorService delayer = this.delayer;
		if (delayer == null) {
			delayer = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "listener-shutdown-delay");
				thread.setDaemon(true);
				return thread;
			});
			this.delayer = delayer;
		}
		return delayer;
	}

	private synchronized CompletableFuture<Void> stopAfterDelay(ListenerEngine server, long start) {
		if (this.closed) {
			return CompletableFuture.completedFuture(null);
		}
		CompletableFuture<Void> drained = stop(server);
		if (logger.isInfoEnabled()) {
			int open = drained.isDone() ? 0 : server.openConnections();
			logger.info("Listener '" + server.listener().name() + "' stopped accepting "
					+ Durations.format(Duration.ofNanos(System.nanoTime() - start).truncatedTo(ChronoUnit.MILLIS))
					+ " after the shutdown began"
					+ ((open > 0) ? "; waiting for its " + connections(open) + " still open to finish"
							: drained.isDone() ? "" : "; waiting for its open connections to finish"));
		}
		return drained;
	}

	/**
	 * @return the longest {@link ServerSettings#shutdownDelay()} of the listeners, zero when none
	 * has one
	 */
	public Duration shutdownDelay() {
		return this.servers.stream()
			.map((server) -> server.settings().shutdownDelay())
			.max(Duration::compareTo)
			.orElse(Duration.ZERO);
	}

	/**
	 * @return for each listener that no handler serves, its startup line: that it only holds its
	 * sockets, and what to declare to serve it
	 */
	public List<String> unserved() {
		return this.servers.stream()
			.filter((server) -> !server.isServing())
			.map((server) -> "Listener '" + server.listener().name() + "' " + server.describe())
			.toList();
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
		for (ListenerEngine server : this.servers) {
			states.put(server.listener().name(), server.state());
		}
		return states;
	}

	@Override
	public @Nullable ServingState of(Listener listener) {
		ListenerEngine server = serverOf(listener);
		return (server != null) ? server.state() : null;
	}

	@Override
	public @Nullable String engine(Listener listener) {
		ListenerEngine server = serverOf(listener);
		return (server != null) ? server.engineName() : null;
	}

	@Override
	public @Nullable Tls tls(Listener listener) {
		ListenerEngine server = serverOf(listener);
		return (server != null) ? server.settings().pipeline().tls() : null;
	}

	@Override
	public @Nullable String tlsProvider(Listener listener) {
		ListenerEngine server = serverOf(listener);
		return (server != null) ? server.tlsProvider() : null;
	}

	/** @return the engine serving a listener, {@code null} for one it does not serve */
	private @Nullable ListenerEngine serverOf(Listener listener) {
		for (ListenerEngine server : this.servers) {
			if (server.listener() == listener) {
				return server;
			}
		}
		return null;
	}

	/** Stops accepting and closes every connection still open, the end of a graceful shutdown too. */
	@Override
	public synchronized void close() {
		this.running = false;
		this.stopped = true;
		this.closed = true;
		ScheduledExecutorService sweeper = this.sweeper;
		if (sweeper != null) {
			sweeper.shutdownNow();
		}
		ScheduledExecutorService delayer = this.delayer;
		if (delayer != null) {
			delayer.shutdownNow();
		}
		this.delayed.forEach((name, stopped) -> {
			if (!stopped.isDone()) {
				logger.warn("Listener '" + name + "' is closed during its shutdown-delay: the shutdown phase "
						+ "(spring.lifecycle.timeout-per-shutdown-phase) ended first");
				stopped.complete(null);
			}
		});
		this.servers.forEach(ListenerEngine::close);
	}

}
