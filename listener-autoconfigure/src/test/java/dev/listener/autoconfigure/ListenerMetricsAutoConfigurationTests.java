package dev.listener.autoconfigure;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import dev.listener.actuate.ListenerMetrics;
import dev.listener.actuate.TestListeners;
import dev.listener.engine.blocking.BlockingConnections;
import dev.listener.handler.Connection;
import dev.listener.socket.Listener;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				ListenerAutoConfiguration.class, ListenerMetricsAutoConfiguration.class))
		.withPropertyValues("listener.host=127.0.0.1", "listener.port=0");

	@Test
	void bindsTheMetersToTheRegistryAndCountsRealConnections() {
		this.runner.run((context) -> {
			Listener listener = context.getBean(Listener.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (int i = 0; i < 2; i++) {
				try (Socket client = TestListeners.connect(listener);
						Connection connection = BlockingConnections.accept(listener.sockets().get(0))) {
					assertThat(((InetSocketAddress) connection.remoteAddress()).getPort()).isEqualTo(client.getLocalPort());
				}
			}
			assertThat(registry.get("listener.connections.accepted")
				.tags("listener", "default", "family", "inet", "protocol", "tcp", "address",
						"127.0.0.1:" + listener.port())
				.functionCounter()
				.count()).isEqualTo(2.0);
			assertThat(registry.get("listener.open").gauge().value()).isEqualTo(1.0);
		});
	}

	@Test
	void namedListenersAreTaggedWithTheirNames() {
		this.runner.withPropertyValues("listener.sockets.game-tcp.port=0", "listener.sockets.game-udp.socket-type=dgram",
				"listener.sockets.game-udp.protocol=udp")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("listener.connections.accepted").tag("listener", "game-tcp").functionCounters())
					.hasSize(1);
				assertThat(registry.get("listener.datagrams.received").tag("listener", "game-udp").functionCounters())
					.hasSize(1);
				assertThat(registry.find("listener.connections.accepted").tag("listener", "game-udp").meters())
					.isEmpty();
				assertThat(registry.find("listener.open").tag("listener", "default").meters()).isEmpty();
			});
	}

	@Test
	void meterFilterPropertyTurnsTheMetersOff() {
		this.runner.withPropertyValues("management.metrics.enable.listener=false")
			.run((context) -> assertThat(context.getBean(MeterRegistry.class).find("listener.open").meter()).isNull());
	}

	@Test
	void aUserBinderReplacesOurs() {
		this.runner.withBean("myListenerMetrics", ListenerMetrics.class, () -> new ListenerMetrics(List.of()))
			.run((context) -> {
				assertThat(context).hasSingleBean(ListenerMetrics.class).hasBean("myListenerMetrics");
				assertThat(context.getBean(MeterRegistry.class).find("listener.open").meter()).isNull();
			});
	}

	@Test
	void withoutAMeterRegistryThereIsNoBinder() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ListenerAutoConfiguration.class, ListenerMetricsAutoConfiguration.class))
			.withPropertyValues("listener.host=127.0.0.1", "listener.port=0")
			.run((context) -> assertThat(context).hasSingleBean(Listener.class).doesNotHaveBean(ListenerMetrics.class));
	}

	@Test
	void withoutMicrometerTheListenerStillOpens() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ListenerAutoConfiguration.class, ListenerMetricsAutoConfiguration.class))
			.withPropertyValues("listener.host=127.0.0.1", "listener.port=0")
			.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(Listener.class)
				.doesNotHaveBean(ListenerMetrics.class));
	}

}
