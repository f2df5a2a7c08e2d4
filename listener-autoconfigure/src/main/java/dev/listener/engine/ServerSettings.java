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
 */
public record ServerSettings(int maxConnections, @Nullable Duration idleTimeout, boolean tcpNoDelay,
		boolean keepAlive, Shutdown shutdown, ConnectionPipeline pipeline, ConnectionHooks hooks) {

	private static final int DEFAULT_MAX_CONNECTIONS = 10000;

	/**
	 * Checks the values.
	 * @throws IllegalArgumentException when maxConnections is below 1 or idleTimeout is not positive
	 */
	public ServerSettings {
		if (maxConnections < 1) {
			throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
		}
		if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
			throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
		}
	}

	/**
	 * Settings without hooks.
	 * @param maxConnections connections served at once per listener
	 * @param idleTimeout the idle timeout, or {@code null} for no limit
	 * @param tcpNoDelay TCP_NODELAY on accepted sockets
	 * @param keepAlive SO_KEEPALIVE on accepted sockets
	 * @param shutdown how serving stops
	 * @param pipeline what each connection goes through before its handler
	 */
	public ServerSettings(int maxConnections, @Nullable Duration idleTimeout, boolean tcpNoDelay, boolean keepAlive,
			Shutdown shutdown, ConnectionPipeline pipeline) {
		this(maxConnections, idleTimeout, tcpNoDelay, keepAlive, shutdown, pipeline, ConnectionHooks.NONE);
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
				this.pipeline, this.hooks);
	}

	/**
	 * How the starter's own features hook into every connection, on any engine.
	 * @param hooks the observers and admissions, in order
	 * @return these settings with those hooks
	 */
	public ServerSettings withHooks(ConnectionHooks hooks) {
		return new ServerSettings(this.maxConnections, this.idleTimeout, this.tcpNoDelay, this.keepAlive, this.shutdown,
				this.pipeline, hooks);
	}

	/**
	 * How connections are served, for the startup log line: {@code (200 connections at most, idle
	 * timeout none, shutdown graceful, TLS (client-auth none))}.
	 * @return the description, in brackets
	 */
	public String describe() {
		return "(" + this.maxConnections + " connections at most, idle timeout "
				+ ((this.idleTimeout != null) ? Durations.format(this.idleTimeout) : "none") + ", shutdown "
				+ this.shutdown.name().toLowerCase(Locale.ROOT) + this.pipeline.describe() + ")";
	}

	/** @return the defaults: 10000 connections, no idle timeout, TCP_NODELAY, graceful shutdown */
	public static ServerSettings defaults() {
		return new ServerSettings(DEFAULT_MAX_CONNECTIONS, null, true, false, Shutdown.GRACEFUL);
	}

}
