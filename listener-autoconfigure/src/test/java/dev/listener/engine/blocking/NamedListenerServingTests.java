package dev.listener.engine.blocking;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;
import dev.listener.test.ListenerTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named listeners served side by side: each by the handler bean it names, with its own settings.
 */
class NamedListenerServingTests {

	private static final String HOST = "127.0.0.1";

	/** Answers every connection with its name, then echoes. */
	private static ConnectionHandler named(String name) {
		return (connection) -> {
			connection.write(ByteBuffer.wrap((name + ":").getBytes(StandardCharsets.UTF_8)));
			EchoClient.echo(connection);
		};
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
				ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
		.withPropertyValues("listener.port=0", "listener.host=" + HOST)
		.withBean("gameHandler", ConnectionHandler.class, () -> named("game"))
		.withBean("adminHandler", ConnectionHandler.class, () -> named("admin"))
		.withBean("udpEcho", DatagramHandler.class, () -> EchoClient.DATAGRAM_ECHO);

	@Test
	void eachListenerIsServedByTheHandlerItNames() {
		this.runner
			.withPropertyValues("listener.sockets.game.handler=gameHandler",
					"listener.sockets.admin.handler=adminHandler", "listener.sockets.game-udp.socket-type=dgram",
					"listener.sockets.game-udp.protocol=udp")
			.run((context) -> {
				try (ListenerTestClient game = ListenerTestClient.connect(context, "game");
						ListenerTestClient admin = ListenerTestClient.connect(context, "admin");
						ListenerTestClient udp = ListenerTestClient.connect(context, "game-udp")) {
					game.expect("game:");
					admin.expect("admin:");
					game.send("hello").expect("hello");
					udp.send("ping").expect("ping");
				}
			});
	}

	@Test
	void anUnknownHandlerNameIsRefusedListingTheHandlerBeans() {
		this.runner.withPropertyValues("listener.sockets.game.handler=nosuchHandler").run((context) -> {
			InvalidConfigurationPropertyValueException failure = failure(context);
			assertThat(failure.getName()).isEqualTo("listener.sockets.game.handler");
			assertThat(failure.getValue()).isEqualTo("nosuchHandler");
			assertThat(failure.getReason()).contains("no bean named 'nosuchHandler'")
				.contains("ConnectionHandler beans: gameHandler, adminHandler")
				.contains("DatagramHandler beans: udpEcho");
		});
	}

	@Test
	void aDatagramHandlerForAStreamListenerIsRefused() {
		this.runner.withPropertyValues("listener.sockets.game.handler=udpEcho").run((context) -> {
			InvalidConfigurationPropertyValueException failure = failure(context);
			assertThat(failure.getName()).isEqualTo("listener.sockets.game.handler");
			assertThat(failure.getReason()).contains("stream listener, served by a ConnectionHandler");
		});
	}

	@Test
	void twoCandidatesWithoutANameAreRefused() {
		this.runner.withPropertyValues("listener.sockets.game.port=0").run((context) -> {
			InvalidConfigurationPropertyValueException failure = failure(context);
			assertThat(failure.getName()).isEqualTo("listener.sockets.game.handler");
			assertThat(failure.getReason()).contains("ConnectionHandler beans gameHandler, adminHandler");
		});
	}

	@Test
	void eachListenerHasItsOwnIdleTimeout() {
		this.runner
			.withPropertyValues("listener.handler=gameHandler", "listener.sockets.quick.connection.idle-timeout=200ms",
					"listener.sockets.patient.port=0")
			.run((context) -> {
				try (ListenerTestClient quick = ListenerTestClient.connect(context, "quick");
						ListenerTestClient patient = ListenerTestClient.connect(context, "patient")) {
					quick.expect("game:");
					patient.expect("game:");
					quick.expectClosed();
					patient.send("still here").expect("still here");
				}
			});
	}

	private static InvalidConfigurationPropertyValueException failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		for (Throwable candidate = context.getStartupFailure(); candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof InvalidConfigurationPropertyValueException failure) {
				return failure;
			}
		}
		throw new AssertionError("No InvalidConfigurationPropertyValueException in " + context.getStartupFailure());
	}

}
