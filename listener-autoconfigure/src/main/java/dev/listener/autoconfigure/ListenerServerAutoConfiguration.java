package dev.listener.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.context.ListenerServerBootstrap;
import dev.listener.server.ConnectionHandler;
import dev.listener.server.DatagramHandler;
import dev.listener.server.ListenerServers;
import dev.listener.server.ServedListener;
import dev.listener.server.ServerSettings;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Serves each listener with its handler bean ({@link ConnectionHandler} or
 * {@link DatagramHandler}, see {@link HandlerSelection}) and its own settings: one task per
 * connection, on virtual threads when {@code spring.threads.virtual.enabled} is on (Java 21+), else
 * on a pool of {@code threads.max} platform threads per listener.
 */
@AutoConfiguration(after = ListenerAutoConfiguration.class)
@ConditionalOnListenerEnabled
@EnableConfigurationProperties(ListenerProperties.class)
public final class ListenerServerAutoConfiguration {

	/** Far beyond any useful timeout, and far below what nanosecond arithmetic can hold. */
	private static final Duration MAX_IDLE_TIMEOUT = Duration.ofDays(365);

	@Bean
	@ConditionalOnMissingBean
	ListenerServers listenerServers(ObjectProvider<Listener> listeners, ObjectProvider<ConfiguredListeners> configured,
			ListableBeanFactory beanFactory, Environment environment) {
		ConfiguredListeners properties = configured.getIfAvailable(() -> ConfiguredListeners.bind(environment));
		boolean virtual = Threading.VIRTUAL.isActive(environment);
		HandlerSelection handlers = new HandlerSelection(beanFactory);
		return new ListenerServers(listeners.orderedStream()
			.map((listener) -> served(listener, properties.get(listener.name()), handlers, virtual))
			.toList());
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerServerBootstrap listenerServerBootstrap(ListenerServers listenerServers) {
		return new ListenerServerBootstrap(listenerServers);
	}

	private static ServedListener served(Listener listener, ConfiguredListener configured, HandlerSelection handlers,
			boolean virtual) {
		ListenerPropertyNames names = configured.names();
		SocketProperties properties = configured.properties();
		int maxThreads = properties.getThreads().getMax();
		if (!virtual && maxThreads < 1) {
			throw new InvalidConfigurationPropertyValueException(names.name("threads.max"), maxThreads,
					"It must be at least 1: raise it, or remove it for 200 threads.");
		}
		String name = listener.name();
		return new ServedListener(listener, handlers.connectionHandler(listener, configured),
				handlers.datagramHandler(listener, configured), settings(properties, names),
				() -> virtual ? virtualThreads(name) : platformThreads(name, maxThreads));
	}

	private static ServerSettings settings(SocketProperties properties, ListenerPropertyNames names) {
		SocketProperties.Connection connection = properties.getConnection();
		if (connection.getMax() < 1) {
			throw new InvalidConfigurationPropertyValueException(names.name("connection.max"), connection.getMax(),
					"It must be at least 1: raise it, or remove it for 10000 connections.");
		}
		@Nullable Duration idleTimeout = connection.getIdleTimeout();
		if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero()
				|| idleTimeout.compareTo(MAX_IDLE_TIMEOUT) > 0)) {
			throw new InvalidConfigurationPropertyValueException(names.name("connection.idle-timeout"), idleTimeout,
					"It must be positive and at most 365 days: set a duration such as 30s (a number alone is in "
							+ "seconds), or remove it for no timeout.");
		}
		return new ServerSettings(connection.getMax(), idleTimeout, connection.isTcpNoDelay(),
				connection.isKeepAlive(), properties.getShutdown());
	}

	/** One virtual thread per connection: no pool, and no Java 21 API at compile time. */
	private static Executor virtualThreads(String listenerName) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("listener-" + listenerName + "-");
		executor.setVirtualThreads(true);
		return executor;
	}

	/**
	 * A pool growing to {@code max} non-daemon threads, idle ones ending after a minute; connections
	 * beyond it queue (bounded by {@code connection.max}).
	 */
	private static Executor platformThreads(String listenerName, int max) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> new Thread(task,
						"listener-" + listenerName + "-" + count.incrementAndGet()));
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

}
