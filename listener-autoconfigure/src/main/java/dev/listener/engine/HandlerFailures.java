package dev.listener.engine;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.listener.socket.ListenSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The handler failures of one listener, on any engine: each is counted in its socket's
 * {@link dev.listener.socket.SocketCounters}, the first is logged at WARN and the others at DEBUG,
 * so that a failing handler cannot flood the log.
 */
public final class HandlerFailures {

	private static final Log logger = LogFactory.getLog(HandlerFailures.class);

	private final String listenerName;

	private final AtomicBoolean logged = new AtomicBoolean();

	/**
	 * Creates the failures of a listener.
	 * @param listenerName the listener's name
	 */
	public HandlerFailures(String listenerName) {
		this.listenerName = listenerName;
	}

	/**
	 * Counts and logs a failure.
	 * @param socket the socket whose connection or datagram the handler failed on
	 * @param subject the connection or datagram, for the log
	 * @param failure what the handler threw
	 */
	public void failed(ListenSocket socket, Object subject, Throwable failure) {
		socket.counters().handlerFailed();
		String message = "Handler of listener '" + this.listenerName + "' failed on " + subject;
		if (this.logged.compareAndSet(false, true)) {
			logger.warn(message + " (further failures are counted and logged at DEBUG)", failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, failure);
		}
	}

}
