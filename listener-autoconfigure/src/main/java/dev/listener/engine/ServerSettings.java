package dev.listener.engine;

import java.time.Duration;
import java.util.Locale;

import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Durations;
import org.jspecify.annotations.Nullable;

/**
 * How the listeners serve.
 *
 * @param maxConnections connections served at once per listener; more wait in the listen backlog
 * @param idleTimeout how long a connection may go without a read or write returning, or
 * {@code null} for no limit
 * @param tcpNoDelay TCP_NODELAY on accepted sockets
 * @param keepAlive SO_KEEPALIVE on accepted sockets
 * @param shutdown how serving stops
 * @param pipeline what each connection goes through before its handler: address check, PROXY
 * header, TLS, framing
 * @param hooks the starter's own hooks on each connection (observers, admissions), in order
 * @param shutdownDelay how long the listener goes on accepting once its stop has begun, before it
 * stops as {@code shutdown} says; zero for none
 */
public record ServerSettings(int maxConnections, @Nullable Duration idleTimeout, boolean tcpNoDelay,
		boolean keepAlive, Shutdown shutdown, ConnectionPipeline pipeline, ConnectionHooks hooks,
		Duration shutdownDelay) {

	private static final int DEFAULT_MAX_CONNECTIONS = 10000;

	/**
	 * Checks the values.
	 * @throws IllegalArgumentException when maxConnections is below 1, idleTimeout is not positive or
	 * shutdownDelay is negative
	 */
	public ServerSettings {
		if (maxConnections < 1) {
			throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
		}
		if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
			throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
		}
		if (shutdownDelay.isNegative()) {
			throw new IllegalArgumentException("shutdownDelay must not be negative, was " + shutdownDelay);
		}
	}

	/**
	 * Settings without a shutdown delay.
	 * @param maxConnections connections served at once per listener
	 * @param idleTimeout the idle timeout, or {@code null} for no limit
	 * @param tcpNoDelay TCP_NODELAY on accepted sockets
	 * @param keepAlive SO_KEEPALIVE on accepted sockets
	 * @param shutdown how serving stops
	 * @param pipeline what each connection goes through before its handler
	 * @param hooks the starter's own hooks on each connection
	 */
	public ServerSettings(int maxConnections, @Nullable Duration idleTimeout, boolean tcpNoDelay, boolean keepAlive,
			Shutdown shutdown, ConnectionPipeline pipeline, ConnectionHooks hooks) {
		this(maxConnections, idleTimeout, tcpNoDelay, keepAlive, shutdown, pipeline, hooks, Duration.ZERO);
	}

	/**
	 * Settings without hooks or a shutdown delay.
	 * @param maxConnections connections served at once per listener
	 * @param idleTimeout the idle timeout, or {@code null} for no limit
	 * @param tcpNoDelay TCP_NODELAY on accepted sockets
	 * @param keepAlive SO_KEEPALIVE on accepted sockets
	 * @param shutdown how serving stops
	 * @param pipeline what each connection goes through before its handler
	 */
	public ServerSettings(int maxConnections, @Nullable Duration idleTimeout, boolean tcpNoDelay, boolean keepAlive,
			Shutdown shutdown, ConnectionPipeline pipeline) {
		this(maxConnections, idleTimeout, tcpNoDelay, keepAlive, shutdown, pipeline, ConnectionHooks.NONE,
				Duration.ZERO);
	}

	/**
	 * Settings without a connection pipeline.
	 * @param maxConnections connections served at once per listener
	 * @param idleTimeout the idle timeout, or {@code null} for no limit
	 * @param tcpNoDelay TCP_NODELAY on accepted sockets
	 * @param keepAlive SO_KEEPALIVE on accepted sockets
	 * @param shutdown how serving stops
	 */
	public ServerSettings(int maxConnections, @Nullable Duration idleTimeout, boolean tcpNoDelay, boolean keepAlive,
			Shutdown shutdown) {
		this(maxConnections, idleTimeout, tcpNoDelay, keepAlive, shutdown, ConnectionPipeline.NONE);
	}

	/**
	 * @param maxConnections connections served at once per listener
	 * @return these settings with another limit
	 */
	public ServerSettings withMaxConnections(int maxConnections) {
		return new ServerSettings(maxConnections, this.idleTimeout, this.tcpNoDelay, this.keepAlive, this.shutdown,
				this.pipeline, this.hooks, this.shutdownDelay);
	}

	/**
	 * How the starter's own features hook into every connection, on any engine.
	 * @param hooks the observers and admissions, in order
	 * @return these settings with those hooks
	 */
	public ServerSettings withHooks(ConnectionHooks hooks) {
		return new ServerSettings(this.maxConnections, this.idleTimeout, this.tcpNoDelay, this.keepAlive, this.shutdown,
				this.pipeline, hooks, this.shutdownDelay);
	}

	/**
	 * @param shutdownDelay how long to go on accepting once the stop has begun
	 * @return these settings with another shutdown delay
	 */
	public ServerSettings withShutdownDelay(Duration shutdownDelay) {
		return new ServerSettings(this.maxConnections, this.idleTimeout, this.tcpNoDelay, this.keepAlive,
				this.shutdown, this.pipeline, this.hooks, shutdownDelay);
	}

	/**
	 * How connections are served, for the startup log line: {@code (200 connections at most, idle
	 * timeout none, shutdown graceful, TLS (client-auth none))}.
	 * @return the description, in brackets
	 */
	public String describe() {
		return describe(null);
	}

	/**
	 * How connections are served, naming the TLS implementation where an engine offers more than
	 * one: {@code (..., TLS on JDK (client-auth none))}.
	 * @param tlsProvider the TLS implementation, as the startup line names it, or {@code null}
	 * @return the description, in brackets
	 */
	public String describe(@Nullable String tlsProvider) {
		return "(" + this.maxConnections + " connections at most, idle timeout "
				+ ((this.idleTimeout != null) ? Durations.format(this.idleTimeout) : "none") + ", shutdown "
				+ this.shutdown.name().toLowerCase(Locale.ROOT)
				+ (this.shutdownDelay.isZero() ? "" : " after a delay of " + Durations.format(this.shutdownDelay))
				+ this.pipeline.describe(tlsProvider) + ")";
	}

	/** @return the defaults: 10000 connections, no idle timeout, TCP_NODELAY, graceful shutdown */
	public static ServerSettings defaults() {
		return new ServerSettings(DEFAULT_MAX_CONNECTIONS, null, true, false, Shutdown.GRACEFUL);
	}

}
