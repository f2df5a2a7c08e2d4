package dev.listener.handler;

/**
 * Handles each datagram received on a dgram listen socket, in the socket's receive loop: a slow
 * handler delays the next datagram. Declare one as a bean to serve dgram listeners.
 * <p>
 * An exception is counted in {@link dev.listener.engine.SocketCounters#handlerErrors()}, logged
 * once, and the loop goes on.
 */
@FunctionalInterface
public interface DatagramHandler {

	/**
	 * Handles a datagram.
	 * @param datagram the datagram, valid only until this method returns
	 * @throws Exception to drop this datagram
	 */
	void handle(Datagram datagram) throws Exception;

}
