package dev.listener.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.listener.actuate.AcceptQueuePolicy;
import dev.listener.actuate.ListenerHealthIndicator;
import dev.listener.engine.ServingStates;
import dev.listener.socket.Listener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
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
	@EnableConfigurationProperties(ListenerHealthProperties.class)
	static class ListenerHealthContributorConfiguration
			extends CompositeHealthContributorConfiguration<ListenerHealthIndicator, Listener> {

		ListenerHealthContributorConfiguration(ObjectProvider<ServingStates> states,
				ListenerHealthProperties properties) {
			super((listener) -> new ListenerHealthIndicator(listener, states.getIfAvailable(() -> ServingStates.NONE),
					acceptQueuePolicy(properties.getAcceptQueue())));
		}

		private static AcceptQueuePolicy acceptQueuePolicy(ListenerHealthProperties.AcceptQueue acceptQueue) {
			double threshold = acceptQueue.getThreshold();
			if (!(threshold > 0 && threshold <= 1)) {
				throw new InvalidConfigurationPropertyValueException("management.health.listener.accept-queue.threshold",
						threshold, "It is a share of the queue's limit: set it above 0 and at most 1, such as 0.8.");
			}
			String status = acceptQueue.getStatus();
			if (status.isBlank()) {
				throw new InvalidConfigurationPropertyValueException("management.health.listener.accept-queue.status",
						status, "Set a health status such as UP or OUT_OF_SERVICE.");
			}
			return new AcceptQueuePolicy(threshold, new Status(status.strip().toUpperCase(Locale.ROOT)));
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
