package dev.listener.handler;


/**
 * Serves one accepted stream connection, on its own thread. Declare one as a bean and the listener
 * serves every connection with it; without one the listen sockets are only held, for accepting by
 * hand.
 * <p>
 * The connection is closed when this method returns or throws. An exception closes that connection
 * only: it is counted in {@link dev.listener.engine.SocketCounters#handlerErrors()} and logged once.
 */
@FunctionalInterface
public interface ConnectionHandler {

	/**
	 * Serves a connection until it is done with it.
	 * @param connection the connection: its channel and streams (both counted), its addresses and
	 * its listener's name
	 * @throws Exception to give up on this connection
	 */
	void handle(Connection connection) throws Exception;

}
