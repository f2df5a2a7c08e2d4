package dev.listener.server;

import java.time.Duration;

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
 */
public record ServerSettings(int maxConnections, @Nullable Duration idleTimeout, boolean tcpNoDelay,
		boolean keepAlive, Shutdown shutdown) {

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

	/** @return the defaults: 10000 connections, no idle timeout, TCP_NODELAY, graceful shutdown */
	public static ServerSettings defaults() {
		return new ServerSettings(DEFAULT_MAX_CONNECTIONS, null, true, false, Shutdown.GRACEFUL);
	}

}
