package dev.listener.actuate;

import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

/**
 * Tells how the accept loop serving a listener is doing. A server engine declares one as a bean;
 * health and the {@code listeners} endpoint then report the loop along with the sockets. Without
 * one, a listener whose sockets are open is {@code bound} and UP.
 */
@FunctionalInterface
public interface AcceptLoopStateProvider {

	/** The provider when no engine serves the listeners. */
	AcceptLoopStateProvider NONE = (listener) -> null;

	/**
	 * The state of the loop serving a listener.
	 * @param listener the listener
	 * @return its loop's state, or {@code null} when nothing serves it
	 */
	@Nullable AcceptLoopState stateOf(Listener listener);

}
