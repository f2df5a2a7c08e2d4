package dev.listener.autoconfigure;

import java.io.IOException;
import java.util.List;

import dev.listener.actuate.ListenerHealthIndicator;
import dev.listener.actuate.TestListeners;
import dev.listener.engine.ServingState;
import dev.listener.engine.ServingStates;
import dev.listener.socket.Family;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
				ListenerHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class))
		.withPropertyValues("listener.host=127.0.0.1", "listener.port=0");

	@Test
	void registersTheListenerContributorUpWithItsAddress() {
		this.runner.run((context) -> {
			Listener listener = context.getBean(Listener.class);
			Health health = listenerIndicator(context).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("boundAddresses", List.of("127.0.0.1:" + listener.port()))
				.containsEntry("state", "bound");
		});
	}

	@Test
	void closingTheSocketMakesItDown() {
		this.runner.run((context) -> {
			context.getBean(Listener.class).sockets().get(0).close();
			Health health = listenerIndicator(context).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("state", "closed");
		});
	}

	@Test
	void enabledPropertyOffRemovesTheIndicator() {
		this.runner.withPropertyValues("management.health.listener.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(Listener.class).doesNotHaveBean("listenerHealthContributor");
			assertThat(context.getBean(HealthContributorRegistry.class).getContributor("listener")).isNull();
		});
	}

	@Test
	void healthDefaultsOffRemovesTheIndicator() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("listenerHealthContributor"));
	}

	@Test
	void withoutTheHealthModuleTheListenerStillOpens() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
					ListenerHealthContributorAutoConfiguration.class))
			.withPropertyValues("listener.host=127.0.0.1", "listener.port=0")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(Listener.class)
				.doesNotHaveBean("listenerHealthContributor")
				.doesNotHaveBean(ListenerHealthIndicator.class));
	}

	@Test
	void withoutAListenerThereIsNoIndicator() {
		this.runner.withPropertyValues("listener.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("listenerHealthContributor"));
	}

	@Test
	void aUserContributorNamedListenerHealthIndicatorReplacesOurs() {
		this.runner.withUserConfiguration(UserIndicatorConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean("listenerHealthContributor");
			assertThat(listenerIndicator(context).health().getDetails()).containsEntry("mine", true);
		});
	}

	@Test
	void severalListenersMakeACompositeByListenerName() {
		this.runner.withUserConfiguration(TwoListenersConfiguration.class).run((context) -> {
			HealthContributor contributor = context.getBean(HealthContributorRegistry.class).getContributor("listener");
			assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
			HealthContributors children = (HealthContributors) contributor;
			assertThat(children.stream().map(HealthContributors.Entry::name)).containsExactly("public", "admin");
			context.getBean("admin", Listener.class).close();
			assertThat(((HealthIndicator) children.getContributor("public")).health().getStatus())
				.isEqualTo(Status.UP);
			assertThat(((HealthIndicator) children.getContributor("admin")).health().getStatus())
				.isEqualTo(Status.DOWN);
		});
	}

	@Test
	void namedListenersFromPropertiesAreChildrenOfTheComposite() {
		this.runner.withPropertyValues("listener.sockets.game-tcp.port=0", "listener.sockets.game-udp.socket-type=dgram",
				"listener.sockets.game-udp.protocol=udp")
			.run((context) -> {
				HealthContributors children = (HealthContributors) context.getBean(HealthContributorRegistry.class)
					.getContributor("listener");
				assertThat(children.stream().map(HealthContributors.Entry::name)).containsExactly("game-tcp",
						"game-udp");
				Listener udp = context.getBean("game-udpListener", Listener.class);
				assertThat(((HealthIndicator) children.getContributor("game-udp")).health().getDetails())
					.containsEntry("protocol", "udp")
					.containsEntry("boundAddresses", List.of("127.0.0.1:" + udp.port()));
			});
	}

	@Test
	void anAcceptQueueThresholdOutsideZeroToOneIsRefused() {
		this.runner.withPropertyValues("management.health.listener.accept-queue.threshold=1.5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("management.health.listener.accept-queue.threshold");
					assertThat(ex.getReason()).contains("above 0 and at most 1");
				}));
	}

	@Test
	void oneNamedListenerStaysASingleComponent() {
		this.runner.withPropertyValues("listener.sockets.game.port=0")
			.run((context) -> assertThat(
					context.getBean(HealthContributorRegistry.class).getContributor("listener"))
				.isInstanceOf(HealthIndicator.class));
	}

	@Test
	void aServingStatesBeanIsConsulted() {
		this.runner
			.withBean(ServingStates.class,
					() -> (listener) -> new ServingState(ServingState.Status.FAILED, new IOException("accept loop crashed")))
			.run((context) -> {
				Health health = listenerIndicator(context).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("state", "failed")
					.containsEntry("error", "java.io.IOException: accept loop crashed");
			});
	}

	@Test
	void readinessGroupCanIncludeTheListener() {
		this.runner
			.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
					EndpointAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
					AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class))
			.withPropertyValues("management.endpoint.health.group.readiness.include=readinessState,listener",
					"management.endpoint.health.show-details=always")
			.run((context) -> {
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				CompositeHealthDescriptor readiness = (CompositeHealthDescriptor) endpoint.healthForPath("readiness");
				assertThat(readiness.getStatus()).isEqualTo(Status.UP);
				assertThat(readiness.getComponents()).containsOnlyKeys("readinessState", "listener");
				IndicatedHealthDescriptor listener = (IndicatedHealthDescriptor) readiness.getComponents()
					.get("listener");
				assertThat(listener.getDetails()).containsEntry("state", "bound");
				context.getBean(Listener.class).close();
				assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
				assertThat(endpoint.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
			});
	}

	private static HealthIndicator listenerIndicator(AssertableApplicationContext context) {
		return (HealthIndicator) context.getBean(HealthContributorRegistry.class).getContributor("listener");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicatorConfiguration {

		@Bean
		HealthIndicator listenerHealthIndicator() {
			return () -> Health.up().withDetail("mine", true).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoListenersConfiguration {

		@Bean
		Listener publicListener() throws ListenSocketException {
			return TestListeners.open("public", Family.INET, "127.0.0.1");
		}

		@Bean
		Listener admin() throws ListenSocketException {
			return TestListeners.open("admin", Family.INET, "127.0.0.1");
		}

	}

}
