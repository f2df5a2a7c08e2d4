package dev.listener.actuate;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import dev.listener.pipeline.ClientLimits;
import dev.listener.pipeline.ClientLimitsByListener;
import dev.listener.socket.Family;
import dev.listener.socket.Listener;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientLimitsMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private Listener listener;

	@AfterEach
	void close() throws Exception {
		if (this.listener != null) {
			this.listener.close();
		}
	}

	@Test
	void aListenerWithoutALimitHasNoLimitsMeter() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		new ClientLimitsMetrics(List.of(this.listener), ClientLimitsByListener.NONE).bindTo(this.registry);
		assertThat(this.registry.getMeters()).noneMatch((meter) -> meter.getId().getName().startsWith("listener.limits"));
	}

	@Test
	void theMetersCountWhatExceededALimitTaggedWithTheListenerAndTheReasonOnly() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		ClientLimits limits = new ClientLimits(
				new ClientLimits.Settings(1, 0, Duration.ofSeconds(10), 32, 64, 1, 0, true));
		new ClientLimitsMetrics(List.of(this.listener), (name) -> limits).bindTo(this.registry);
		limits.acquire(InetAddress.getByName("192.0.2.1"));
		limits.acquire(InetAddress.getByName("192.0.2.1"));
		limits.acquire(InetAddress.getByName("192.0.2.2"));
		assertThat(this.registry.get("listener.limits.exceeded").tag("reason", "client-connections").functionCounter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("listener.limits.exceeded").tag("reason", "client-rate").functionCounter().count())
			.isZero();
		assertThat(this.registry.get("listener.limits.clients").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("listener.limits.clients.evicted").functionCounter().count()).isEqualTo(1);
		assertThat(this.registry.get("listener.limits.accept.pauses").functionCounter().count()).isZero();
		for (Meter meter : this.registry.getMeters()) {
			assertThat(meter.getId().getTags()).extracting((tag) -> tag.getKey()).isSubsetOf("listener", "reason");
			assertThat(meter.getId().getTags()).extracting((tag) -> tag.getValue())
				.noneMatch((value) -> value.contains("192.0.2"));
		}
	}

}
