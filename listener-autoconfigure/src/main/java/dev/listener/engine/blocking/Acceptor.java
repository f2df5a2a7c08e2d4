package dev.listener.engine.blocking;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import dev.listener.socket.ListenSocket;
import org.jspecify.annotations.Nullable;

/**
 * The accept() the loop calls: {@link ListenSocket#accept()} wrapped in the blocking engine's
 * connection, replaced in tests to inject failures such as EMFILE.
 */
@FunctionalInterface
interface Acceptor {

	Acceptor SYSTEM = Acceptor::accepted;

	@Nullable BlockingConnection accept(ListenSocket socket) throws IOException;

	private static @Nullable BlockingConnection accepted(ListenSocket socket) throws IOException {
		SocketChannel accepted = socket.accept();
		if (accepted == null) {
			return null;
		}
		try {
			return new BlockingConnection(socket, accepted);
		}
		catch (IOException ex) {
			accepted.close();
			throw ex;
		}
	}

}
