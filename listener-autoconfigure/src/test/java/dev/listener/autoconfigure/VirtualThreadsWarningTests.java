package dev.listener.autoconfigure;

import java.nio.ByteBuffer;

import dev.listener.handler.ConnectionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.threads.virtual.enabled=true} below Java 21, where Boot ignores it without a word,
 * is named once at startup with what the blocking engine does instead: a platform thread per
 * connection, as many connections at once as {@code threads.max}.
 */
@ExtendWith(OutputCaptureExtension.class)
class VirtualThreadsWarningTests {

	private static final ConnectionHandler ECHO = (connection) -> {
		ByteBuffer buffer = ByteBuffer.allocate(64);
		while (connection.read(buffer) >= 0) {
			buffer.flip();
			connection.write(buffer);
			buffer.clear();
		}
	};

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class, ListenerServerAutoConfiguration.class))
		.withBean(ConnectionHandler.class, () -> ECHO)
		.withPropertyValues("listener.port=0", "listener.host=127.0.0.1", "listener.threads.max=50",
				"spring.threads.virtual.enabled=true");

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void belowJava21TheWarningSaysThatConnectionsRunOnPlatformThreadsUpToThreadsMax(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).containsOnlyOnce("spring.threads.virtual.enabled is true, but virtual threads need "
					+ "Java 21 or later, and this is Java " + Runtime.version().feature() + ": listener 'default' "
					+ "serves at most 50 (listener.threads.max) connections at once, on a platform thread each. Run "
					+ "on Java 21 or later, or remove spring.threads.virtual.enabled.");
		});
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void belowJava21TheWarningNamesConnectionMaxWhenItIsLowerThanThreadsMax(CapturedOutput output) {
		this.runner.withPropertyValues("listener.connection.max=20").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).containsOnlyOnce("listener 'default' serves at most 20 (listener.connection.max) "
					+ "connections at once, on a platform thread each");
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void fromJava21ThereIsNoWarning(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("spring.threads.virtual.enabled is true");
		});
	}

	@Test
	void withoutThePropertyThereIsNoWarning(CapturedOutput output) {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("spring.threads.virtual.enabled");
		});
	}

}
