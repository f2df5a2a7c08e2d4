package dev.listener.engine;

/**
 * The fixed set of accept() failures that are counted, so the {@code error} tag stays bounded.
 */
public enum AcceptError {

	/** The process is out of file descriptors. */
	EMFILE,

	/** The system is out of file descriptors. */
	ENFILE,

	/** The peer reset the connection before it was accepted. */
	ECONNABORTED,

	/** Anything else. */
	OTHER;

	/**
	 * Classifies an accept() failure by the {@code strerror} text the JDK keeps.
	 * @param ex the failure
	 * @return the error
	 */
	public static AcceptError of(Throwable ex) {
		String message = String.valueOf(ex.getMessage());
		if (message.contains("Too many open files in system")) {
			return ENFILE;
		}
		if (message.contains("Too many open files")) {
			return EMFILE;
		}
		if (message.contains("Software caused connection abort") || message.contains("Connection reset")) {
			return ECONNABORTED;
		}
		return OTHER;
	}

}
