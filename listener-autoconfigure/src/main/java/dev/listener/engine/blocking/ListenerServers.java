package dev.listener.engine.blocking;

import java.time.Duration;
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
			if (logger.isInfoEnabled()) {
				logger.info("Listener '" + server.listener().name() + "' " + server.describe());
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
	 * accepting and lets the open connections finish; immediate closes everything at once.
	 * @param callback called once every listener has stopped, maybe on another thread
	 */
	public void stop(Runnable callback) {
		this.running = false;
		this.stopped = true;
		List<CompletableFuture<Void>> drained = new ArrayList<>();
		for (ListenerEngine server : this.servers) {
			if (server.settings().shutdown() == Shutdown.IMMEDIATE) {
				server.close();
			}
			else {
				drained.add(server.stopAccepting());
			}
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
		for (ListenerEngine server : this.servers) {
			states.put(server.listener().name(), server.state());
		}
		return states;
	}

	@Override
	public @Nullable ServingState of(Listener listener) {
		for (ListenerEngine server : this.servers) {
			if (server.listener() == listener) {
				return server.state();
			}
		}
		return null;
	}

	@Override
	public @Nullable String engine(Listener listener) {
		for (ListenerEngine server : this.servers) {
			if (server.listener() == listener) {
				return server.engineName();
			}
		}
		return null;
	}

	@Override
	public @Nullable Tls tls(Listener listener) {
		for (ListenerEngine server : this.servers) {
			if (server.listener() == listener) {
				return server.settings().pipeline().tls();
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
		this.servers.forEach(ListenerEngine::close);
	}

}
