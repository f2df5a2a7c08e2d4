package dev.listener.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.context.ListenerServerBootstrap;
import dev.listener.engine.ConnectionAdmission;
import dev.listener.engine.ConnectionHooks;
import dev.listener.engine.ConnectionObserver;
import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.engine.ListenerEngineFactory;
import dev.listener.engine.blocking.ListenerServers;
import dev.listener.engine.netty.NettyChannelCustomizer;
import dev.listener.engine.netty.NettyEngines;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;
import dev.listener.pipeline.ClientLimits;
import dev.listener.pipeline.ClientLimitsByListener;
import dev.listener.engine.blocking.MessageConnections;
import dev.listener.handler.MessageHandler;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Durations;
import dev.listener.socket.Listener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.ClassUtils;

/**
 * Serves each listener with its handler bean and its own settings (see {@link HandlerSelection}):
 * on the blocking engine ({@link ConnectionHandler} or {@link DatagramHandler}), one task per
 * connection, on virtual threads when {@code spring.threads.virtual.enabled} is on (Java 21+), else
 * on a pool of {@code threads.max} platform threads per listener; on the Netty engine (a Netty
 * initializer bean), on the event loops shared by every listener it serves.
 */
@AutoConfiguration(after = ListenerAutoConfiguration.class,
		afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnListenerEnabled
@EnableConfigurationProperties(ListenerProperties.class)
public final class ListenerServerAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ListenerServerAutoConfiguration.class);

	/** Far beyond any useful timeout, and far below what nanosecond arithmetic can hold. */
	private static final Duration MAX_IDLE_TIMEOUT = Duration.ofDays(365);

	@Bean
	@ConditionalOnMissingBean
	ListenerServers listenerServers(ObjectProvider<Listener> listeners, ObjectProvider<ConfiguredListeners> configured,
			ObjectProvider<NettySupport> nettySupport, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<ConnectionObserver> observers, ObjectProvider<ConnectionAdmission> admissions,
			ObjectProvider<ClientLimitsByListener> clientLimits, ListableBeanFactory beanFactory,
			Environment environment) {
		ConfiguredListeners properties = configured.getIfAvailable(() -> ConfiguredListeners.bind(environment));
		boolean virtual = Threading.VIRTUAL.isActive(environment);
		NettySupport netty = nettySupport.getIfAvailable();
		HandlerSelection handlers = new HandlerSelection(beanFactory, netty);
		ConnectionPipelines pipelines = new ConnectionPipelines(sslBundles.getIfAvailable(), environment);
		ConnectionHooks hooks = new ConnectionHooks(observers.orderedStream().toList(),
				admissions.orderedStream().toList());
		ClientLimitsByListener limits = clientLimits.getIfAvailable(() -> ClientLimitsByListener.NONE);
		ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		ShutdownDelays delays = new ShutdownDelays(environment);
		List<ServedListener> served = listeners.orderedStream()
			.map((listener) -> served(listener, properties.get(listener.name()), handlers, pipelines, hooks,
					limits.of(listener.name()), netty, virtual, classLoader, delays))
			.toList();
		if (netty != null) {
			served.stream()
				.filter((listener) -> listener.engine() != null)
				.map((listener) -> listener.listener().isStream())
				.reduce(Boolean::logicalOr)
				.ifPresent(netty::selectTransport);
		}
		return new ListenerServers(served);
	}

	@Bean
	@ConditionalOnMissingBean
	ClientLimitsByListener listenerClientLimits(ObjectProvider<ConfiguredListeners> configured,
			Environment environment) {
		return new ConfiguredClientLimits(() -> configured.getIfAvailable(() -> ConfiguredListeners.bind(environment)));
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerServerBootstrap listenerServerBootstrap(ListenerServers listenerServers,
			ApplicationEventPublisher publisher, ObjectProvider<ApplicationAvailability> availability) {
		return new ListenerServerBootstrap(listenerServers, publisher, () -> {
			ApplicationAvailability states = availability.getIfAvailable();
			return (states != null) ? states.getState(ReadinessState.class) : null;
		});
	}

	private static ServedListener served(Listener listener, ConfiguredListener configured, HandlerSelection handlers,
			ConnectionPipelines pipelines, ConnectionHooks hooks, ClientLimits limits, @Nullable NettySupport netty,
			boolean virtual, @Nullable ClassLoader classLoader, ShutdownDelays delays) {
		ListenerPropertyNames names = configured.names();
		SocketProperties properties = configured.properties();
		ServerSettings settings = settings(properties, names, pipelines, limits)
			.withShutdownDelay(delays.of(properties.getShutdownDelay(), names));
		settings = settings.withHooks(ClientLimitsAdmission.first(hooks, settings.pipeline()));
		HandlerSelection.Selected selected = handlers.select(listener, configured);
		if (properties.getMessage().isBlocking() && !(selected.blocking() instanceof MessageHandler)
				&& !(selected.netty() instanceof MessageHandler)) {
			logger.warn(names.name("message.blocking") + " has no effect: it applies only to a listener served by a "
					+ "MessageHandler bean, and listener '" + listener.name() + "' is not");
		}
		boolean stream = listener.isStream();
		Object nettyHandler = selected.netty();
		int maxThreads = properties.getThreads().getMax();
		if (nettyHandler != null && netty != null) {
			requireNettyModules(settings.pipeline(), properties, names, classLoader);
			ListenerEngineFactory engine;
			if (nettyHandler instanceof MessageHandler message) {
				boolean blocking = properties.getMessage().isBlocking();
				if (blocking) {
					requireThreads(virtual, maxThreads, names);
				}
				String name = listener.name();
				engine = netty.messages(message, stream,
						blocking ? () -> virtual ? virtualThreads(name) : platformThreads(name, maxThreads) : null);
			}
			else {
				engine = netty.engine(nettyHandler, stream);
			}
			// the event loops run its connections: no executor of its own
			return new ServedListener(listener, null, null, settings, () -> Runnable::run, engine);
		}
		requireThreads(virtual, maxThreads, names);
		if (!virtual && stream && maxThreads < settings.maxConnections()) {
			// a connection is accepted only when a platform thread is free to serve it
			settings = settings.withMaxConnections(maxThreads);
		}
		Object blocking = selected.blocking();
		if (blocking instanceof MessageHandler message) {
			blocking = stream ? MessageConnections.connections(message) : MessageConnections.datagrams(message);
		}
		String name = listener.name();
		return new ServedListener(listener, (blocking instanceof ConnectionHandler handler) ? handler : null,
				(blocking instanceof DatagramHandler handler) ? handler : null, settings,
				() -> virtual ? virtualThreads(name) : platformThreads(name, maxThreads));
	}

	private static void requireThreads(boolean virtual, int maxThreads, ListenerPropertyNames names) {
		if (!virtual && maxThreads < 1) {
			throw new InvalidConfigurationPropertyValueException(names.name("threads.max"), maxThreads,
					"It must be at least 1: raise it, or remove it for 200 threads.");
		}
	}

	/**
	 * The Netty engine runs the pipeline's steps with Netty's own handlers, in modules an
	 * application with only netty-transport lacks: refused at startup rather than at the first
	 * connection.
	 */
	private static void requireNettyModules(ConnectionPipeline pipeline, SocketProperties properties,
			ListenerPropertyNames names, @Nullable ClassLoader classLoader) {
		if (pipeline.proxyProtocol().isOn()
				&& !ClassUtils.isPresent("io.netty.handler.codec.haproxy.HAProxyMessageDecoder", classLoader)) {
			throw missingNettyModule(names.name("proxy-protocol.mode"),
					PropertyChecks.lower(properties.getProxyProtocol().getMode()), "the PROXY protocol",
					"netty-codec-haproxy", names);
		}
		if (pipeline.tls() != null && !ClassUtils.isPresent("io.netty.handler.ssl.SslHandler", classLoader)) {
			throw missingNettyModule(names.name("ssl.bundle"), properties.getSsl().getBundle(), "TLS", "netty-handler",
					names);
		}
		if (pipeline.framing().isOn()
				&& !ClassUtils.isPresent("io.netty.handler.codec.LineBasedFrameDecoder", classLoader)) {
			throw missingNettyModule(names.name("framing.type"), PropertyChecks.lower(properties.getFraming().getType()),
					"frames", "netty-codec-base (it comes with netty-handler)", names);
		}
	}

	private static InvalidConfigurationPropertyValueException missingNettyModule(String property,
			@Nullable Object value, String what, String module, ListenerPropertyNames names) {
		return new InvalidConfigurationPropertyValueException(property, value, "The Netty engine reads " + what
				+ " with io.netty:" + module + ", which is not on the class path: add it, or set " + names.name("engine")
				+ " to blocking.");
	}

	private static ServerSettings settings(SocketProperties properties, ListenerPropertyNames names,
			ConnectionPipelines pipelines, ClientLimits limits) {
		SocketProperties.Connection connection = properties.getConnection();
		if (connection.getMax() < 1) {
			throw new InvalidConfigurationPropertyValueException(names.name("connection.max"), connection.getMax(),
					"It must be at least 1: raise it, or remove it for 10000 connections.");
		}
		@Nullable Duration idleTimeout = connection.getIdleTimeout();
		if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero()
				|| idleTimeout.compareTo(MAX_IDLE_TIMEOUT) > 0)) {
			throw new InvalidConfigurationPropertyValueException(names.name("connection.idle-timeout"),
					Durations.format(idleTimeout),
					"It must be positive and at most 365 days: set a duration such as 30s (a number alone is in "
							+ "seconds), or remove it for no timeout.");
		}
		return new ServerSettings(connection.getMax(), idleTimeout, connection.isTcpNoDelay(),
				connection.isKeepAlive(), properties.getShutdown(), pipelines.of(properties, names, limits));
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

	/**
	 * The Netty engine, when Netty is on the class path: nothing outside this class refers to a
	 * Netty type, so an application without Netty loads none.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.netty.channel.EventLoopGroup")
	static class NettyEngineConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NettyEngines listenerNettyEngines(ListenerProperties properties, ResourceLoader resourceLoader,
				ObjectProvider<NettyChannelCustomizer> customizers) {
			ListenerProperties.Netty netty = properties.getNetty();
			Integer threads = netty.getThreads();
			if (threads != null && threads < 1) {
				throw new InvalidConfigurationPropertyValueException("listener.netty.threads", threads,
						"It must be at least 1: raise it, or remove it for one per available processor.");
			}
			return new NettyEngines(netty.getTransport(),
					(threads != null) ? threads : Runtime.getRuntime().availableProcessors(),
					Objects.requireNonNullElse(resourceLoader.getClassLoader(), NettyEngines.class.getClassLoader()),
					customizers.orderedStream().toList());
		}

		@Bean
		@ConditionalOnMissingBean
		NettySupport listenerNettySupport(NettyEngines listenerNettyEngines, ListenerProperties properties) {
			return new NettyEngineSupport(listenerNettyEngines, properties.getNetty().getTransport());
		}

	}

}
