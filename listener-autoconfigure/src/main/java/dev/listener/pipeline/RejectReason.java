package dev.listener.pipeline;

/**
 * Why an accepted connection was closed before it was served; a fixed set, so the {@code reason}
 * tag stays bounded.
 */
public enum RejectReason {

	/** The listener was shutting down. */
	SHUTDOWN,

	/** The connection could not be set up (an option or the handler's executor refused it). */
	ERROR,

	/** The client's address is denied, or not allowed, by the listener's {@code allow}/{@code deny}. */
	DENIED,

	/** A PROXY protocol header came from a peer outside {@code proxy-protocol.trusted}. */
	PROXY_UNTRUSTED,

	/** A PROXY protocol header was malformed or over its size limit, or missing where required. */
	PROXY_MALFORMED,

	/** The PROXY protocol header did not arrive within {@code proxy-protocol.timeout}. */
	PROXY_TIMEOUT

}
