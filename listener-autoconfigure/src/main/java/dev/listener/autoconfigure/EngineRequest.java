package dev.listener.autoconfigure;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.engine.ListenerEngineProvider;
import dev.listener.engine.ServerSettings;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * A listener to serve, as an engine provider is given it, over its configured properties.
 */
final class EngineRequest implements ListenerEngineProvider.Request {

	private final Listener listener;

	private final ServerSettings settings;

	private final @Nullable Object handler;

	private final ConfiguredListener configured;

	private final boolean virtual;

	EngineRequest(Listener listener, ServerSettings settings, @Nullable Object handler, ConfiguredListener configured,
			boolean virtual) {
		this.listener = listener;
		this.settings = settings;
		this.handler = handler;
		this.configured = configured;
		this.virtual = virtual;
	}

	@Override
	public Listener listener() {
		return this.listener;
	}

	@Override
	public ServerSettings settings() {
		return this.settings;
	}

	@Override
	public @Nullable Object handler() {
		return this.handler;
	}

	@Override
	public boolean blockingHandler() {
		return this.configured.properties().getMessage().isBlocking();
	}

	@Override
	public boolean virtualThreads() {
		return this.virtual;
	}

	@Override
	public int maxThreads() {
		return this.configured.properties().getThreads().getMax();
	}

	@Override
	public Supplier<Executor> threads() {
		int maxThreads = maxThreads();
		if (!this.virtual && maxThreads < 1) {
			throw new InvalidConfigurationPropertyValueException(property("threads.max"), maxThreads,
					"It must be at least 1: raise it, or remove it for 200 threads.");
		}
		String name = this.listener.name();
		boolean virtual = this.virtual;
		return () -> virtual ? virtualThreads(name) : platformThreads(name, maxThreads);
	}

	@Override
	public String property(String property) {
		return this.configured.names().name(property);
	}

	@Override
	public RuntimeException invalid(String property, String reason) {
		Object value = new BeanWrapperImpl(this.configured.properties()).getPropertyValue(camelCase(property));
		return new InvalidConfigurationPropertyValueException(property(property),
				(value instanceof Enum<?> constant) ? PropertyChecks.lower(constant) : value, reason);
	}

	/** {@code proxy-protocol.mode} as a bean property path, {@code proxyProtocol.mode}. */
	private static String camelCase(String property) {
		StringBuilder path = new StringBuilder(property.length());
		boolean upper = false;
		for (char c : property.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				path.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return path.toString();
	}

	/** One virtual thread per connection: no pool, and no Java 21 API at compile time. */
	private static Executor virtualThreads(String listenerName) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("listener-" + listenerName + "-");
		executor.setVirtualThreads(true);
		return executor;
	}

	/**
	 * A pool growing to {@code max} non-daemon threads (see {@link PlatformThreads}). The effective
	 * connection limit is at most {@code max}, so a connection is accepted only when a thread is
	 * free: the rest wait in the kernel's backlog, not in the pool's queue.
	 */
	private static Executor platformThreads(String listenerName, int max) {
		return new PlatformThreads(listenerName, max);
	}

}
