package dev.listener.socket;

/**
 * The step of the server-socket recipe that failed.
 */
public enum Step {

	/** getaddrinfo: host, service and hints into addresses. */
	RESOLVE("lookup"),

	/** socket(): creating the channel. */
	SOCKET("socket"),

	/** setsockopt(): an option, or a value refused before it reached the system. */
	OPTION("setsockopt"),

	/** bind(). */
	BIND("bind"),

	/** listen(). */
	LISTEN("listen"),

	/**
	 * Taking over the socket a service manager passed on standard input, instead of socket(),
	 * bind() and listen().
	 */
	INHERIT("inherit");

	private final String call;

	Step(String call) {
		this.call = call;
	}

	/**
	 * The system call's name, as Go's errors print it.
	 * @return the call
	 */
	public String call() {
		return this.call;
	}

}
