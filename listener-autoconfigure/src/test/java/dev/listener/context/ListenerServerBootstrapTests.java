package dev.listener.context;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.handler.ConnectionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lines a listener logs as it is served and stopped with the context: durations as properties
 * take them, and a "stopped" line per listener at shutdown.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerServerBootstrapTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ListenerAutoConfiguration.class, ListenerServerAutoConfiguration.class))
		.withBean(ConnectionHandler.class, () -> (connection) -> {
		})
		.withPropertyValues("listener.host=127.0.0.1", "listener.port=0");

	@Test
	void theServingLineWritesTheIdleTimeoutAsAPropertyTakesIt(CapturedOutput output) {
		this.runner.withPropertyValues("listener.connection.idle-timeout=20s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("idle timeout 20s").doesNotContain("PT20S");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "graceful", "immediate" })
	void everyListenerLogsAStoppedLineAtShutdown(String shutdown, CapturedOutput output) {
		this.runner
			.withPropertyValues("listener.shutdown=" + shutdown, "listener.sockets.game.port=0",
					"listener.sockets.admin.port=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("stopped");
			});
		assertThat(output).containsOnlyOnce("Listener 'game' stopped").containsOnlyOnce("Listener 'admin' stopped");
	}

}
