package dev.listener.engine.blocking;

import java.io.IOException;

import dev.listener.engine.ListenerEvents;
import dev.listener.handler.Connection;
import dev.listener.socket.ListenSocket;
import org.jspecify.annotations.Nullable;

/**
 * Accepts by hand what the blocking engine's accept loop accepts: a connection counted in its
 * listen socket's counters, for code that serves a {@link ListenSocket} itself.
 */
public final class BlockingConnections {

	private BlockingConnections() {
	}

	/**
	 * Accepts a connection on a stream/tcp socket, counted as accepted; closing it counts it closed.
	 * @param socket the listen socket
	 * @return the connection, or {@code null} when the channel is non-blocking and none is pending
	 * @throws IOException when accept() fails
	 */
	public static @Nullable Connection accept(ListenSocket socket) throws IOException {
		return BlockingConnection.accept(ListenerEvents.unserved(socket), socket);
	}

}
