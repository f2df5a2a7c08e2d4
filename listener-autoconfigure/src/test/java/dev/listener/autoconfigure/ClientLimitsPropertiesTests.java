package dev.listener.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import dev.listener.pipeline.ClientLimits;
import dev.listener.pipeline.ClientLimitsByListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.listener.autoconfigure.ListenerAutoConfigurationTests.causeOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code listener.limits.*}: bound per listener, inherited from {@code listener.*} by the named
 * ones like every property, and applied where they fit.
 */
class ClientLimitsPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ListenerAutoConfiguration.class, ListenerServerAutoConfiguration.class))
		.withPropertyValues("listener.port=0", "listener.host=127.0.0.1");

	@Test
	void withoutALimitEveryListenerIsOff() {
		this.runner.run((context) -> assertThat(context.getBean(ClientLimitsByListener.class).of("default"))
			.isSameAs(ClientLimits.OFF));
	}

	@Test
	void theLimitsAreBoundWithTheirDefaults() {
		this.runner.withPropertyValues("listener.limits.per-client.max-connections=10").run((context) -> {
			ClientLimits.Settings settings = context.getBean(ClientLimitsByListener.class).of("default").settings();
			assertThat(settings).isEqualTo(new ClientLimits.Settings(10, 0, Duration.ofSeconds(10), 32, 64, 65536, 0,
					false));
		});
	}

	@Test
	void aWindowWithoutAUnitIsInSeconds() {
		this.runner
			.withPropertyValues("listener.limits.per-client.max-new-connections=5",
					"listener.limits.per-client.window=30", "listener.limits.per-client.ipv4-prefix=24",
					"listener.limits.per-client.ipv6-prefix=56", "listener.limits.per-client.table-size=1000",
					"listener.limits.max-accept-rate=200", "listener.limits.dry-run=true")
			.run((context) -> assertThat(context.getBean(ClientLimitsByListener.class).of("default").settings())
				.isEqualTo(new ClientLimits.Settings(0, 5, Duration.ofSeconds(30), 24, 56, 1000, 200, true)));
	}

	@Test
	void namedListenersInheritTheLimitsWrittenUnderListenerAndOverrideTheirOwn() {
		this.runner
			.withPropertyValues("listener.limits.per-client.max-connections=10", "listener.limits.dry-run=true",
					"listener.sockets.game.limits.per-client.max-connections=3", "listener.sockets.admin.port=0")
			.run((context) -> {
				ClientLimitsByListener limits = context.getBean(ClientLimitsByListener.class);
				assertThat(limits.of("game").settings().maxConnections()).isEqualTo(3);
				assertThat(limits.of("game").settings().dryRun()).isTrue();
				assertThat(limits.of("admin").settings().maxConnections()).isEqualTo(10);
				assertThat(limits.of("game")).as("one table per listener").isNotSameAs(limits.of("admin"))
					.isSameAs(limits.of("game"));
			});
	}

	@Test
	void aDatagramListenerInheritsNoLimit() {
		this.runner
			.withPropertyValues("listener.limits.per-client.max-connections=10",
					"listener.sockets.game-udp.socket-type=dgram", "listener.sockets.game-udp.protocol=udp",
					"listener.sockets.game.port=0")
			.run((context) -> {
				ClientLimitsByListener limits = context.getBean(ClientLimitsByListener.class);
				assertThat(limits.of("game-udp")).isSameAs(ClientLimits.OFF);
				assertThat(limits.of("game").perClient()).isTrue();
			});
	}

	@Test
	void aUnixListenerInheritsTheAcceptRateButNoLimitPerClient(@TempDir Path directory) {
		this.runner
			.withPropertyValues("listener.limits.per-client.max-connections=10", "listener.limits.max-accept-rate=50",
					"listener.sockets.local.family=unix", "listener.sockets.local.path=" + directory.resolve("a.sock"))
			.run((context) -> {
				ClientLimits local = context.getBean(ClientLimitsByListener.class).of("local");
				assertThat(local.perClient()).isFalse();
				assertThat(local.settings().maxAcceptRate()).isEqualTo(50);
			});
	}

	@Test
	void aPerClientLimitSetOnAUnixListenerItselfIsRefused(@TempDir Path directory) {
		this.runner
			.withPropertyValues("listener.sockets.local.family=unix",
					"listener.sockets.local.path=" + directory.resolve("a.sock"),
					"listener.sockets.local.limits.per-client.max-connections=10")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = causeOf(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(failure.getName()).isEqualTo("listener.sockets.local.limits.per-client.max-connections");
				assertThat(failure.getReason()).contains("a unix peer has no address")
					.contains("listener.sockets.local.limits.max-accept-rate");
			});
	}

}
