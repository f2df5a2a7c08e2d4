package dev.listener.engine.blocking;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import dev.listener.socket.ListenSocket;
import org.jspecify.annotations.Nullable;

/**
 * The accept() the loop calls, {@link ListenSocket#accept()}, replaced in tests to inject failures
 * such as EMFILE; the loop reports what it returns or throws to the listener's events.
 */
@FunctionalInterface
interface Acceptor {

	Acceptor SYSTEM = ListenSocket::accept;

	@Nullable SocketChannel accept(ListenSocket socket) throws IOException;

}
