package dev.listener.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.context.ListenerServerBootstrap;
import dev.listener.engine.ConnectionAdmission;
import dev.listener.engine.ConnectionHooks;
import dev.listener.engine.ConnectionObserver;
import dev.listener.engine.ListenerEngineProvider;
import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.engine.blocking.ListenerServers;
import dev.listener.engine.netty.NettyChannelCustomizer;
import dev.listener.engine.netty.NettyEngines;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;
import dev.listener.pipeline.ClientLimits;
import dev.listener.pipeline.ClientLimitsByListener;
import dev.listener.handler.MessageHandler;
import dev.listener.pipeline.Durations;
import dev.listener.socket.Listener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
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

	private static final String VIRTUAL_THREADS = "spring.threads.virtual.enabled";

	/** Far beyond any useful timeout, and far below what nanosecond arithmetic can hold. */
	private static final Duration MAX_IDLE_TIMEOUT = Duration.ofDays(365);

	@Bean
	@ConditionalOnMissingBean
	ListenerServers listenerServers(ObjectProvider<Listener> listeners, ObjectProvider<ConfiguredListeners> configured,
			ObjectProvider<ListenerEngineProvider> engineProviders, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<ConnectionObserver> observers, ObjectProvider<ConnectionAdmission> admissions,
			ObjectProvider<ClientLimitsByListener> clientLimits, ListableBeanFactory beanFactory,
			Environment environment) {
		ConfiguredListeners properties = configured.getIfAvailable(() -> ConfiguredListeners.bind(environment));
		boolean virtual = Threading.VIRTUAL.isActive(environment);
		List<ListenerEngineProvider> engines = engineProviders.orderedStream().toList();
		HandlerSelection handlers = new HandlerSelection(beanFactory, engines);
		ConnectionPipelines pipelines = new ConnectionPipelines(sslBundles.getIfAvailable(), environment);
		ConnectionHooks hooks = new ConnectionHooks(observers.orderedStream().toList(),
				admissions.orderedStream().toList());
		ClientLimitsByListener limits = clientLimits.getIfAvailable(() -> ClientLimitsByListener.NONE);
		ShutdownDelays delays = new ShutdownDelays(environment);
		Map<ListenerEngineProvider, List<ServedListener>> byEngine = new LinkedHashMap<>();
		List<String> onPlatformThreads = new ArrayList<>();
		List<ServedListener> served = listeners.orderedStream()
			.map((listener) -> served(listener, properties.get(listener.name()), handlers, pipelines, hooks,
					limits.of(listener.name()), virtual, byEngine, delays, onPlatformThreads))
			.toList();
		byEngine.forEach(ListenerEngineProvider::served);
		if (!virtual && environment.getProperty(VIRTUAL_THREADS, Boolean.class, false) && !onPlatformThreads.isEmpty()) {
			logger.warn(VIRTUAL_THREADS + " is true, but virtual threads need Java 21 or later, and this is Java "
					+ Runtime.version().feature() + ": " + String.join("; ", onPlatformThreads) + ". Run on Java 21 "
					+ "or later, or remove " + VIRTUAL_THREADS + ".");
		}
		return new ListenerServers(served);
	}

	/** The blocking engine, first of the engines: every listener, and those no handler serves. */
	@Bean
	ListenerEngineProvider listenerBlockingEngineProvider() {
		return new BlockingEngineProvider();
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
			ConnectionPipelines pipelines, ConnectionHooks hooks, ClientLimits limits, boolean virtual,
			Map<ListenerEngineProvider, List<ServedListener>> byEngine, ShutdownDelays delays,
			List<String> onPlatformThreads) {
		ListenerPropertyNames names = configured.names();
		SocketProperties properties = configured.properties();
		ServerSettings settings = settings(properties, names, pipelines, limits)
			.withShutdownDelay(delays.of(properties.getShutdownDelay(), names));
		settings = settings.withHooks(ClientLimitsAdmission.first(hooks, settings.pipeline()));
		HandlerSelection.Selected selected = handlers.select(listener, configured);
		if (properties.getMessage().isBlocking() && !(selected.handler() instanceof MessageHandler)) {
			logger.warn(names.name("message.blocking") + " has no effect: it applies only to a listener served by a "
					+ "MessageHandler bean, and listener '" + listener.name() + "' is not");
		}
		EngineRequest request = new EngineRequest(listener, settings, selected.handler(), configured, virtual);
		String threadsMax = request.maxThreads() + " (" + names.name("threads.max") + ")";
		if (selected.handler() != null && selected.engine() instanceof BlockingEngineProvider && listener.isStream()) {
			// the lower of the two bounds it (BlockingEngineProvider lowers connection.max to threads.max)
			String atOnce = (request.maxThreads() < settings.maxConnections()) ? threadsMax
					: settings.maxConnections() + " (" + names.name("connection.max") + ")";
			onPlatformThreads.add("listener '" + listener.name() + "' serves at most " + atOnce
					+ " connections at once, on a platform thread each");
		}
		else if (selected.handler() instanceof MessageHandler && properties.getMessage().isBlocking()) {
			onPlatformThreads.add("listener '" + listener.name() + "' runs its blocking message handler on "
					+ threadsMax + " platform threads");
		}
		ServedListener served = selected.engine().serve(request);
		if (selected.handler() == null) {
			return served.withUnserved(handlers.unserved(listener, configured));
		}
		byEngine.computeIfAbsent(selected.engine(), (engine) -> new ArrayList<>()).add(served);
		return served;
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
		ListenerEngineProvider listenerNettyEngineProvider(NettyEngines listenerNettyEngines,
				ListenerProperties properties, BeanFactory beanFactory) {
			return new NettyEngineProvider(listenerNettyEngines, properties.getNetty().getTransport(),
					(beanFactory instanceof ConfigurableBeanFactory configurable) ? configurable.getBeanClassLoader()
							: null);
		}

	}

}
