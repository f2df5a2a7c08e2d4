package dev.listener.engine;

import dev.listener.pipeline.Tls;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

/**
 * Tells what the engine serving a listener is doing. {@link ListenerServers} is one; health and
 * the {@code listeners} endpoint read it and never change it.
 */
@FunctionalInterface
public interface ServingStates {

	/** Nothing serves the listeners: their sockets are only bound. */
	ServingStates NONE = (listener) -> null;

	/**
	 * The state of the engine serving a listener.
	 * @param listener the listener
	 * @return its state, or {@code null} when nothing serves it
	 */
	@Nullable ServingState of(Listener listener);

	/**
	 * Which engine serves a listener, as the {@code listeners} endpoint shows it.
	 * @param listener the listener
	 * @return such as {@code blocking} or {@code netty (epoll)}, or {@code null} when nothing serves
	 * it
	 */
	default @Nullable String engine(Listener listener) {
		return null;
	}

	/**
	 * @param listener a listener
	 * @return its TLS, or {@code null} when it has none or nothing serves it
	 */
	default @Nullable Tls tls(Listener listener) {
		return null;
	}

	/**
	 * @param listener a listener
	 * @return the TLS implementation its engine uses, {@code jdk} or {@code openssl}, or
	 * {@code null} when it has no TLS or nothing serves it
	 */
	default @Nullable String tlsProvider(Listener listener) {
		return null;
	}

}
