package dev.listener.server;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

/**
 * A listener and how to serve it: the handler of its socket type, its settings, and where its
 * connections run.
 *
 * @param listener the listener
 * @param connectionHandler serves a stream listener's connections, {@code null} to only hold it
 * @param datagramHandler serves a dgram listener's datagrams, {@code null} to only hold it
 * @param settings how to serve it
 * @param executor creates the executor running its connections, when it starts; an
 * {@link java.util.concurrent.ExecutorService} or {@link AutoCloseable} is closed with the engine
 */
public record ServedListener(Listener listener, @Nullable ConnectionHandler connectionHandler,
		@Nullable DatagramHandler datagramHandler, ServerSettings settings, Supplier<Executor> executor) {

}
