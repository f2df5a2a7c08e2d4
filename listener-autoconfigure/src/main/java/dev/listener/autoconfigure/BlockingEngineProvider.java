package dev.listener.autoconfigure;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.listener.engine.ListenerEngineProvider;
import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.engine.blocking.MessageConnections;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;
import dev.listener.handler.MessageHandler;
import dev.listener.pipeline.Tls;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * The blocking engine: {@link ConnectionHandler} and {@link DatagramHandler} beans, and
 * {@link MessageHandler} beans, one task per connection on the listener's own threads; every socket
 * type and family. First in order: with {@code engine: auto} its handlers win over another engine's,
 * and it holds the listeners no handler serves.
 */
final class BlockingEngineProvider implements ListenerEngineProvider, Ordered {

	@Override
	public String name() {
		return "blocking";
	}

	@Override
	public String displayName() {
		return "blocking";
	}

	@Override
	public boolean supports(Listener listener) {
		return true;
	}

	@Override
	public String supported() {
		return "every listener";
	}

	@Override
	public List<Class<?>> handlerTypes() {
		return List.of(ConnectionHandler.class, DatagramHandler.class, MessageHandler.class);
	}

	@Override
	public @Nullable Class<?> handlerType(Listener listener) {
		return listener.isStream() ? ConnectionHandler.class : listener.isDatagram() ? DatagramHandler.class : null;
	}

	@Override
	public ServedListener serve(Request request) {
		Listener listener = request.listener();
		ServerSettings settings = request.settings();
		Tls tls = settings.pipeline().tls();
		if (tls != null && tls.provider() == Tls.Provider.OPENSSL) {
			throw request.invalid("ssl.provider", "The blocking engine serving listener '" + listener.name()
					+ "' runs TLS on the JDK's SSLEngine only; OpenSSL is the Netty engine's: set "
					+ request.property("ssl.provider") + " to jdk or auto, or serve the listener on Netty ("
					+ request.property("engine") + "=netty, with a Netty handler or a MessageHandler bean).");
		}
		Supplier<Executor> threads = request.threads();
		boolean stream = listener.isStream();
		if (!request.virtualThreads() && stream && request.maxThreads() < settings.maxConnections()) {
			// a connection is accepted only when a platform thread is free to serve it
			settings = settings.withMaxConnections(request.maxThreads());
		}
		Object handler = request.handler();
		if (handler instanceof MessageHandler message) {
			handler = stream ? MessageConnections.connections(message) : MessageConnections.datagrams(message);
		}
		return new ServedListener(listener, (handler instanceof ConnectionHandler connections) ? connections : null,
				(handler instanceof DatagramHandler datagrams) ? datagrams : null, settings, threads);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
