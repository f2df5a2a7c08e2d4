package dev.listener.engine;

import dev.listener.pipeline.HandshakeFailure;

/**
 * Told of each connection of a listener, on any engine, through {@link ListenerEvents}: its
 * opening, the client a PROXY protocol header names, its TLS handshake and its close. For the
 * starter's own features (observation, an access log), not applications; public for the engines
 * and auto-configuration, as {@link EngineLifecycle} is. Registered in order through
 * {@link ConnectionHooks} on the {@link ServerSettings} ({@link ServerSettings#withHooks}); the
 * auto-configuration collects the {@code ConnectionObserver} beans.
 * <p>
 * Called on the connection's own thread or event loop, so it must not block; it must not throw
 * either (what it throws is logged at DEBUG and does not change how the connection is served).
 */
@FunctionalInterface
public interface ConnectionObserver {

	/**
	 * A connection was accepted, before any check: each connection is opened once and closed once,
	 * refused ones too.
	 * @param connection the connection
	 * @return what follows this connection: the observer's per-connection state, or
	 * {@link Handle#NONE}
	 */
	Handle opened(ConnectionView connection);

	/**
	 * One observer's view of one connection, from {@link #opened}: where per-connection state such
	 * as a span lives.
	 */
	interface Handle {

		/** Follows nothing. */
		Handle NONE = new Handle() {
		};

		/**
		 * A PROXY protocol header named the client, {@link ConnectionView#clientAddress()}.
		 * @param connection the connection
		 */
		default void proxied(ConnectionView connection) {
		}

		/**
		 * Its TLS handshake started: the steps before it are done, and its clock starts.
		 * @param connection the connection
		 */
		default void handshakeStarted(ConnectionView connection) {
		}

		/**
		 * Its TLS handshake completed: {@link ConnectionView#tlsSession()} is set.
		 * @param connection the connection
		 * @param durationNanos how long the handshake took
		 */
		default void handshakeCompleted(ConnectionView connection, long durationNanos) {
		}

		/**
		 * Its TLS handshake failed; it is closed next, as refused.
		 * @param connection the connection
		 * @param reason why
		 */
		default void handshakeFailed(ConnectionView connection, HandshakeFailure reason) {
		}

		/**
		 * It closed, once: {@link ConnectionView#closeReason()} says how, and
		 * {@link ConnectionView#rejectReason()} why it was refused, if it was.
		 * @param connection the connection
		 */
		default void closed(ConnectionView connection) {
		}

	}

}
