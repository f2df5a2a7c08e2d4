package dev.listener.pipeline;

/**
 * Why an accepted connection was closed before it was served; a fixed set, so the {@code reason}
 * tag stays bounded.
 */
public enum RejectReason {

	/** The listener was shutting down. */
	SHUTDOWN,

	/**
	 * The connection could not be set up: an option, the handler's executor, the engine's
	 * registration, or a step of the connection pipeline failed.
	 */
	ERROR,

	/** The client's address is denied, or not allowed, by the listener's {@code allow}/{@code deny}. */
	DENIED,

	/**
	 * A peer outside {@code proxy-protocol.trusted}: refused at accept in required mode, or when it
	 * sends a header in optional mode.
	 */
	PROXY_UNTRUSTED,

	/** A PROXY protocol header was malformed or over its size limit, or missing where required. */
	PROXY_MALFORMED,

	/** The PROXY protocol header did not arrive within {@code proxy-protocol.timeout}. */
	PROXY_TIMEOUT,

	/** The client had {@code limits.per-client.max-connections} open already. */
	CLIENT_CONNECTIONS,

	/**
	 * The client opened more than {@code limits.per-client.max-new-connections} in
	 * {@code limits.per-client.window}.
	 */
	CLIENT_RATE

}
