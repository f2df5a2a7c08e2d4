package dev.listener.actuate;

import org.jspecify.annotations.Nullable;

/**
 * The state of the loop that accepts a listener's connections, as a server engine reports it to
 * health and the {@code listeners} endpoint through an {@link AcceptLoopStateProvider}.
 *
 * @param phase whether the loop runs, stopped or died
 * @param error why it died, for {@link Phase#FAILED}
 */
public record AcceptLoopState(Phase phase, @Nullable Throwable error) {

	/**
	 * The loop is accepting connections.
	 * @return the state
	 */
	public static AcceptLoopState running() {
		return new AcceptLoopState(Phase.RUNNING, null);
	}

	/**
	 * The loop was stopped on purpose.
	 * @return the state
	 */
	public static AcceptLoopState stopped() {
		return new AcceptLoopState(Phase.STOPPED, null);
	}

	/**
	 * The loop died.
	 * @param error why
	 * @return the state
	 */
	public static AcceptLoopState failed(Throwable error) {
		return new AcceptLoopState(Phase.FAILED, error);
	}

	/**
	 * Where an accept loop is in its life.
	 */
	public enum Phase {

		/** Accepting connections. */
		RUNNING,

		/** Stopped on purpose, sockets may still be open. */
		STOPPED,

		/** Died with an error. */
		FAILED

	}

}
