package dev.listener.engine;

/**
 * How the listeners stop with the context, like Boot's {@code server.shutdown}.
 */
public enum Shutdown {

	/**
	 * Stop accepting (new connections are refused), let open connections finish until the shutdown
	 * phase times out, then close the rest.
	 */
	GRACEFUL,

	/** Stop accepting and close every connection at once. */
	IMMEDIATE

}
