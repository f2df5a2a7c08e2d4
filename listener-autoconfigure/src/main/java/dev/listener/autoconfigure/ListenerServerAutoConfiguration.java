package dev.listener.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.listener.context.ListenerServerBootstrap;
import dev.listener.server.ConnectionHandler;
import dev.listener.server.DatagramHandler;
import dev.listener.server.ListenerServers;
import dev.listener.server.ServerSettings;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Serves the listeners with the {@link ConnectionHandler} and {@link DatagramHandler} beans: one
 * task per connection, on virtual threads when {@code spring.threads.virtual.enabled} is on (Java
 * 21+), else on a pool of {@code listener.threads.max} platform threads.
 */
@AutoConfiguration(after = ListenerAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "listener.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ListenerProperties.class)
public final class ListenerServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ListenerServers listenerServers(ObjectProvider<Listener> listeners, ObjectProvider<ConnectionHandler> connectionHandler,
			ObjectProvider<DatagramHandler> datagramHandler, ListenerProperties properties, Environment environment) {
		ServerSettings settings = settings(properties);
		boolean virtual = Threading.VIRTUAL.isActive(environment);
		int maxThreads = properties.getThreads().getMax();
		if (!virtual && maxThreads < 1) {
			throw new InvalidConfigurationPropertyValueException("listener.threads.max", maxThreads,
					"It must be at least 1: raise it, or remove it for 200 threads.");
		}
		return new ListenerServers(listeners.orderedStream().toList(), connectionHandler.getIfAvailable(),
				datagramHandler.getIfAvailable(), settings,
				(name) -> virtual ? virtualThreads(name) : platformThreads(name, maxThreads));
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerServerBootstrap listenerServerBootstrap(ListenerServers listenerServers) {
		return new ListenerServerBootstrap(listenerServers);
	}

	private static ServerSettings settings(ListenerProperties properties) {
		ListenerProperties.Connection connection = properties.getConnection();
		if (connection.getMax() < 1) {
			throw new InvalidConfigurationPropertyValueException("listener.connection.max", connection.getMax(),
					"It must be at least 1: raise it, or remove it for 10000 connections.");
		}
		@Nullable Duration idleTimeout = connection.getIdleTimeout();
		if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
			throw new InvalidConfigurationPropertyValueException("listener.connection.idle-timeout", idleTimeout,
					"It must be positive: set a duration such as 30s, or remove it for no timeout.");
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
	 * beyond it queue (bounded by {@code listener.connection.max}).
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
