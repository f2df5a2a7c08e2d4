package dev.listener.server;

import java.io.IOException;

import dev.listener.socket.Connection;
import dev.listener.socket.ListenSocket;
import org.jspecify.annotations.Nullable;

/**
 * The accept() the loop calls: {@link ListenSocket#accept()}, replaced in tests to inject failures
 * such as EMFILE.
 */
@FunctionalInterface
interface Acceptor {

	Acceptor SYSTEM = ListenSocket::accept;

	@Nullable Connection accept(ListenSocket socket) throws IOException;

}
