package dev.listener.engine;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

/**
 * A listener and how to serve it: the handler of its socket type, its settings, where its
 * connections run, and the engine serving it.
 *
 * @param listener the listener
 * @param connectionHandler serves a stream listener's connections on the blocking engine,
 * {@code null} to only hold it
 * @param datagramHandler serves a dgram listener's datagrams on the blocking engine, {@code null}
 * to only hold it
 * @param settings how to serve it
 * @param executor creates the executor running its connections, when it starts; an
 * {@link java.util.concurrent.ExecutorService} or {@link AutoCloseable} is closed with the engine
 * @param engine creates another engine than the blocking one, which then serves the listener with
 * handlers of its own; {@code null} for the blocking engine
 * @param unserved for a listener no handler serves, why and what to declare to serve it, as its
 * startup line says; {@code null} when a handler serves it or nothing is known
 */
public record ServedListener(Listener listener, @Nullable ConnectionHandler connectionHandler,
		@Nullable DatagramHandler datagramHandler, ServerSettings settings, Supplier<Executor> executor,
		@Nullable ListenerEngineFactory engine, @Nullable String unserved) {

	/**
	 * A listener and how to serve it.
	 * @param listener the listener
	 * @param connectionHandler serves a stream listener's connections on the blocking engine
	 * @param datagramHandler serves a dgram listener's datagrams on the blocking engine
	 * @param settings how to serve it
	 * @param executor creates the executor running its connections
	 * @param engine creates another engine than the blocking one, {@code null} for the blocking one
	 */
	public ServedListener(Listener listener, @Nullable ConnectionHandler connectionHandler,
			@Nullable DatagramHandler datagramHandler, ServerSettings settings, Supplier<Executor> executor,
			@Nullable ListenerEngineFactory engine) {
		this(listener, connectionHandler, datagramHandler, settings, executor, engine, null);
	}

	/**
	 * A listener served by the blocking engine.
	 * @param listener the listener
	 * @param connectionHandler serves a stream listener's connections, {@code null} to only hold it
	 * @param datagramHandler serves a dgram listener's datagrams, {@code null} to only hold it
	 * @param settings how to serve it
	 * @param executor creates the executor running its connections
	 */
	public ServedListener(Listener listener, @Nullable ConnectionHandler connectionHandler,
			@Nullable DatagramHandler datagramHandler, ServerSettings settings, Supplier<Executor> executor) {
		this(listener, connectionHandler, datagramHandler, settings, executor, null, null);
	}

	/**
	 * @param unserved why no handler serves it and what to declare, for its startup line
	 * @return this listener, saying so
	 */
	public ServedListener withUnserved(String unserved) {
		return new ServedListener(this.listener, this.connectionHandler, this.datagramHandler, this.settings,
				this.executor, this.engine, unserved);
	}

}
