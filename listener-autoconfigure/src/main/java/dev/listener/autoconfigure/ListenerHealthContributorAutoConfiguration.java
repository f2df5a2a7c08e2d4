package dev.listener.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.listener.actuate.ListenerHealthIndicator;
import dev.listener.server.ServingStates;
import dev.listener.socket.Listener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code listener} health contributor, when the application has Boot's health module: one
 * indicator for a single listener, a composite with one child per listener name for several (as
 * Boot's {@code db} does for several DataSources). {@code management.health.listener.enabled=false}
 * turns it off.
 */
@AutoConfiguration(after = { ListenerAutoConfiguration.class, ListenerServerAutoConfiguration.class },
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Listener.class)
public final class ListenerHealthContributorAutoConfiguration {

	/**
	 * Nested so that the health module's own condition is loaded only once the module is known to
	 * be there.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("listener")
	static class ListenerHealthContributorConfiguration
			extends CompositeHealthContributorConfiguration<ListenerHealthIndicator, Listener> {

		ListenerHealthContributorConfiguration(ObjectProvider<ServingStates> states) {
			super((listener) -> new ListenerHealthIndicator(listener,
					states.getIfAvailable(() -> ServingStates.NONE)));
		}

		@Bean
		@ConditionalOnMissingBean(name = { "listenerHealthIndicator", "listenerHealthContributor" })
		HealthContributor listenerHealthContributor(ObjectProvider<Listener> listeners) {
			Map<String, Listener> byName = new LinkedHashMap<>();
			listeners.orderedStream().forEach((listener) -> byName.put(listener.name(), listener));
			return createContributor(byName);
		}

	}

}
