package dev.listener.autoconfigure;

import dev.listener.actuate.ListenersEndpoint;
import dev.listener.engine.ServingStates;
import dev.listener.pipeline.ClientLimitsByListener;
import dev.listener.socket.Listener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code listeners} endpoint, when the application has Actuator and exposes the endpoint.
 */
@AutoConfiguration(after = { ListenerAutoConfiguration.class, ListenerServerAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(Listener.class)
public final class ListenersEndpointAutoConfiguration {

	/**
	 * Nested so that the actuator's own condition is loaded only once Actuator is known to be
	 * there.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(ListenersEndpoint.class)
	static class ListenersEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ListenersEndpoint listenersEndpoint(ObjectProvider<Listener> listeners,
				ObjectProvider<ServingStates> states, ObjectProvider<ClientLimitsByListener> limits) {
			return new ListenersEndpoint(listeners.orderedStream().toList(),
					states.getIfAvailable(() -> ServingStates.NONE),
					limits.getIfAvailable(() -> ClientLimitsByListener.NONE));
		}

	}

}
