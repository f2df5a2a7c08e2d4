package dev.listener.autoconfigure;

import java.util.Set;
import java.util.stream.Collectors;

import dev.listener.observation.ConnectionObservationConvention;
import dev.listener.observation.ConnectionObservations;
import dev.listener.observation.TlsHandshakeObservationConvention;
import dev.listener.socket.Listener;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * An observation per connection ({@code listener.connection}, its TLS handshake as
 * {@code listener.tls.handshake}) when {@code listener.observations.enabled} is on and the
 * application has an {@link ObservationRegistry}, as Boot's Actuator and tracing give it. Off by
 * default, as Boot's observations per message are (Kafka's and RabbitMQ's
 * {@code observation-enabled}): an observation per connection costs on every connection, and an
 * application with a registry for its HTTP requests has not asked for it. Once on, Boot's
 * {@code management.observations.*} apply to it as to any observation.
 */
@AutoConfiguration(after = ListenerAutoConfiguration.class, before = ListenerServerAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnListenerEnabled
@ConditionalOnBooleanProperty("listener.observations.enabled")
public final class ListenerObservationAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ListenerObservationAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
	@ConditionalOnBean(type = "io.micrometer.observation.ObservationRegistry")
	static class Observed {

		@Bean
		@ConditionalOnMissingBean
		ConnectionObservations listenerConnectionObservations(ObservationRegistry registry,
				ObjectProvider<Listener> listeners, ObjectProvider<ConfiguredListeners> configured,
				ObjectProvider<ConnectionObservationConvention> connectionConvention,
				ObjectProvider<TlsHandshakeObservationConvention> handshakeConvention, Environment environment) {
			ConfiguredListeners properties = configured
				.getIfAvailable(() -> ConfiguredListeners.bindQuietly(environment));
			Set<String> tls = listeners.orderedStream()
				.map(Listener::name)
				.filter((name) -> properties.get(name).properties().getSsl().getBundle() != null)
				.collect(Collectors.toUnmodifiableSet());
			return new ConnectionObservations(registry, tls::contains, connectionConvention.getIfUnique(),
					handshakeConvention.getIfUnique());
		}

	}

	/** Switched on without a registry: said once at startup, rather than observing nothing without a word. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(type = "io.micrometer.observation.ObservationRegistry")
	static class Unobserved {

		Unobserved() {
			logger.warn("listener.observations.enabled is on, but the application has no ObservationRegistry: "
					+ "no connection is observed. Add spring-boot-starter-actuator, or Boot's tracing such as "
					+ "spring-boot-starter-opentelemetry.");
		}

	}

}
