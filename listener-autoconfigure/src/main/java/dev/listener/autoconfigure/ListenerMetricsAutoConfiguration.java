package dev.listener.autoconfigure;

import dev.listener.actuate.AcceptQueueMetrics;
import dev.listener.actuate.ClientLimitsMetrics;
import dev.listener.actuate.ListenerMetrics;
import dev.listener.pipeline.ClientLimitsByListener;
import dev.listener.socket.Listener;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The listeners' meters ({@code listener.*}), when the application has a Micrometer registry: the
 * starter's counters ({@link ListenerMetrics}), the limits' ({@link ClientLimitsMetrics}) and the
 * kernel's accept queues ({@link AcceptQueueMetrics}). Boot binds them to every registry.
 */
@AutoConfiguration(after = ListenerAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ Listener.class, MeterRegistry.class })
public final class ListenerMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ListenerMetrics listenerMetrics(ObjectProvider<Listener> listeners) {
		return new ListenerMetrics(listeners.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	ClientLimitsMetrics clientLimitsMetrics(ObjectProvider<Listener> listeners,
			ObjectProvider<ClientLimitsByListener> limits) {
		return new ClientLimitsMetrics(listeners.orderedStream().toList(),
				limits.getIfAvailable(() -> ClientLimitsByListener.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	AcceptQueueMetrics acceptQueueMetrics(ObjectProvider<Listener> listeners) {
		return new AcceptQueueMetrics(listeners.orderedStream().toList());
	}

}
