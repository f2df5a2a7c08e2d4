package dev.listener.autoconfigure;

import java.net.Socket;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.listener.actuate.ListenersEndpoint;
import dev.listener.actuate.TestListeners;
import dev.listener.engine.ServingState;
import dev.listener.engine.ServingStates;
import dev.listener.engine.blocking.BlockingConnections;
import dev.listener.handler.Connection;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ListenersEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
				JacksonEndpointAutoConfiguration.class, ListenerAutoConfiguration.class,
				ListenersEndpointAutoConfiguration.class))
		.withPropertyValues("listener.host=127.0.0.1", "listener.port=0");

	@Test
	void notAvailableUntilExposed() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(Listener.class)
			.doesNotHaveBean(ListenersEndpoint.class));
	}

	@Test
	void availableWhenExposedOverTheWeb() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=listeners")
			.run((context) -> assertThat(context).hasSingleBean(ListenersEndpoint.class));
	}

	@Test
	void accessNoneRemovesItEvenWhenExposed() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=listeners",
					"management.endpoint.listeners.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ListenersEndpoint.class));
	}

	@Test
	void withoutActuatorTheListenerStillOpens() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ListenerAutoConfiguration.class, ListenersEndpointAutoConfiguration.class))
			.withPropertyValues("listener.host=127.0.0.1", "listener.port=0",
					"management.endpoints.web.exposure.include=listeners")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(Listener.class)
				.doesNotHaveBean(ListenersEndpoint.class));
	}

	@Test
	void jsonShowsConfigurationResolutionBoundAddressStateAndCounters() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=listeners", "listener.backlog=7")
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				try (Socket client = TestListeners.connect(listener);
						Connection connection = BlockingConnections.accept(listener.sockets().get(0))) {
					assertThat(connection.isOpen()).isTrue();
				}
				DocumentContext json = json(context, context.getBean(ListenersEndpoint.class).listeners());
				String bound = "127.0.0.1:" + listener.port();
				Map<String, Object> configuration = json.read("$.listeners.default.configuration");
				assertThat(configuration).containsEntry("family", "inet")
					.containsEntry("socketType", "stream")
					.containsEntry("protocol", "tcp")
					.containsEntry("passive", true)
					.containsEntry("host", "127.0.0.1")
					.containsEntry("port", "0");
				assertThat(json.<Map<String, Object>>read("$.listeners.default.configuration.options"))
					.containsEntry("backlog", 7)
					.containsEntry("reuseAddress", true)
					.containsEntry("reusePort", false)
					.doesNotContainKey("ipv6Only");
				assertThat(json.<List<Map<String, Object>>>read("$.listeners.default.resolved"))
					.containsExactly(Map.of("family", "inet", "socketType", "stream", "protocol", "tcp", "address",
							"127.0.0.1:0"));
				assertThat(json.<List<String>>read("$.listeners.default.boundAddresses")).containsExactly(bound);
				assertThat(json.<Integer>read("$.listeners.default.backlog")).isEqualTo(7);
				assertThat(json.<String>read("$.listeners.default.state")).isEqualTo("bound");
				assertThat(json.<Map<String, Object>>read("$.listeners.default.counters")).containsEntry("accepted", 1)
					.containsEntry("active", 0)
					.containsEntry("closed", 1)
					.containsEntry("rejected",
							Map.of("shutdown", 0, "error", 0, "denied", 0, "proxy-untrusted", 0, "proxy-malformed", 0,
									"proxy-timeout", 0, "client-connections", 0, "client-rate", 0))
					.containsEntry("acceptErrors", Map.of("emfile", 0, "enfile", 0, "econnaborted", 0, "other", 0));
				assertThat(json.<List<Map<String, Object>>>read("$.listeners.default.sockets")).singleElement()
					.satisfies((socket) -> assertThat(socket).containsEntry("address", bound)
						.containsEntry("family", "inet")
						.containsEntry("protocol", "tcp")
						.containsEntry("open", true));
			});
	}

	@Test
	void selectorFindsAListenerByName() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=listeners").run((context) -> {
			ListenersEndpoint endpoint = context.getBean(ListenersEndpoint.class);
			assertThat(endpoint.listener("default")).isNotNull()
				.satisfies((descriptor) -> assertThat(descriptor.boundAddresses())
					.containsExactly("127.0.0.1:" + context.getBean(Listener.class).port()));
			assertThat(endpoint.listener("missing")).isNull();
		});
	}

	@Test
	void namedListenersAreListedAndSelectable() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=listeners", "listener.sockets.game.port=0",
					"listener.sockets.admin.port=0", "listener.sockets.admin.backlog=3")
			.run((context) -> {
				ListenersEndpoint endpoint = context.getBean(ListenersEndpoint.class);
				assertThat(endpoint.listeners().listeners()).containsOnlyKeys("game", "admin");
				assertThat(endpoint.listener("admin")).isNotNull()
					.satisfies((descriptor) -> assertThat(descriptor.backlog()).isEqualTo(3));
				assertThat(endpoint.listener("default")).isNull();
			});
	}

	@Test
	void aClosedSocketShowsWithTheReason() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=listeners").run((context) -> {
			Listener listener = context.getBean(Listener.class);
			listener.close();
			DocumentContext json = json(context, context.getBean(ListenersEndpoint.class).listener("default"));
			assertThat(json.<String>read("$.state")).isEqualTo("closed");
			assertThat(json.<String>read("$.reason")).isEqualTo("socket tcp 127.0.0.1:" + listener.port() + " is closed");
			assertThat(json.<Boolean>read("$.sockets[0].open")).isFalse();
		});
	}

	@Test
	void theAcceptLoopStateIsShown() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=listeners")
			.withBean(ServingStates.class, () -> (listener) -> ServingState.RUNNING)
			.run((context) -> assertThat(context.getBean(ListenersEndpoint.class).listener("default").state())
				.isEqualTo("serving"));
	}

	@Test
	void jsonShowsTheLimitsOfAListenerWithSomeAndNoneOfOneWithout() {
		this.runner
			.withConfiguration(AutoConfigurations.of(ListenerServerAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=listeners",
					"listener.sockets.game.limits.per-client.max-connections=5",
					"listener.sockets.game.limits.per-client.ipv4-prefix=24", "listener.sockets.open.port=0")
			.run((context) -> {
				DocumentContext json = json(context, context.getBean(ListenersEndpoint.class).listeners());
				assertThat(json.<Map<String, Object>>read("$.listeners.game.limits")).containsEntry("maxConnections", 5)
					.containsEntry("ipv4Prefix", 24)
					.containsEntry("window", "10s")
					.containsEntry("dryRun", false)
					.containsEntry("clients", 0)
					.containsEntry("exceeded", Map.of("client-connections", 0, "client-rate", 0))
					.containsEntry("topClients", List.of());
				assertThat(json.<Map<String, Object>>read("$.listeners.open")).doesNotContainKey("limits");
			});
	}

	private static DocumentContext json(AssertableApplicationContext context, Object body) {
		return JsonPath.parse(context.getBean(EndpointJsonMapper.class).get().writeValueAsString(body));
	}

}
