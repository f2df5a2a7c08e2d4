package dev.listener.socket;

/**
 * Why an accepted connection was closed before it was served; a fixed set, so the {@code reason}
 * tag stays bounded.
 */
public enum RejectReason {

	/** The listener was shutting down. */
	SHUTDOWN,

	/** The connection could not be set up (an option or the handler's executor refused it). */
	ERROR

}
