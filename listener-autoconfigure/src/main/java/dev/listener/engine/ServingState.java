package dev.listener.engine;

import org.jspecify.annotations.Nullable;

/**
 * What a listener's engine is doing, for health: read-only, never changes the engine.
 *
 * @param status the status
 * @param failure why it failed, when the status is {@link Status#FAILED}
 */
public record ServingState(Status status, @Nullable Throwable failure) {

	/** No handler for the socket type. */
	public static final ServingState HOLDING = new ServingState(Status.HOLDING, null);

	/** Accepting or receiving. */
	public static final ServingState RUNNING = new ServingState(Status.RUNNING, null);

	/** Not started, or stopped. */
	public static final ServingState STOPPED = new ServingState(Status.STOPPED, null);

	/** The engine's status. */
	public enum Status {

		/** No handler for the socket type: the sockets are only held, for accepting by hand. */
		HOLDING,

		/** Accepting or receiving. */
		RUNNING,

		/** Not started yet, or stopped with the context. */
		STOPPED,

		/** An accept or receive loop ended on an unexpected error while it should have been running. */
		FAILED

	}

}
