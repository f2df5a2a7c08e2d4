package dev.listener.engine;

import java.io.IOException;
import java.util.Locale;

/**
 * How a connection ended; a fixed set, so the {@code reason} tag of
 * {@code listener.connections.closed} stays bounded.
 */
public enum CloseReason {

	/** An orderly end: the handler returned, usually because the peer closed its side. */
	EOF,

	/** The peer went away abruptly: a reset or a broken pipe. */
	RESET,

	/** No read or write for the listener's idle timeout. */
	IDLE,

	/** A limit of the listener: no thread or slot to serve it, or a message over a size limit. */
	LIMIT,

	/**
	 * Refused by the connection pipeline: a denied address, a bad or untrusted PROXY header, a failed
	 * TLS handshake, a malformed frame (each also counted under its own reason), or a bad TLS record
	 * from the peer after the handshake.
	 */
	REJECTED,

	/** The listener shut down immediately, or its graceful shutdown ran out of time. */
	SHUTDOWN,

	/** The handler raised an exception that was not the peer going away. */
	HANDLER_ERROR;

	/** @return the value as the meters' tag shows it, {@code handler-error} */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Whether a failure means the peer went away rather than the handler failing: the JDK words a
	 * reset {@code Connection reset} and a write to a closed peer {@code Broken pipe}.
	 * @param failure what the handler threw
	 * @return whether it is the peer's doing
	 */
	public static boolean isPeerGone(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException && cause.getMessage() != null
					&& (cause.getMessage().contains("Connection reset") || cause.getMessage().contains("Broken pipe"))) {
				return true;
			}
		}
		return false;
	}

}
