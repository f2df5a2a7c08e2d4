package dev.listener.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup warning about a {@code reuse-port} handover: with {@code net.ipv4.tcp_migrate_req}
 * read from a file of the test's own, one WARN line per TCP listener sharing its port while the
 * sysctl is 0, and none when it is 1 or absent (said at DEBUG).
 */
@ExtendWith(OutputCaptureExtension.class)
class ReusePortHandoverTests {

	private static final String WARNING = "shares its port (reuse-port) while net.ipv4.tcp_migrate_req is 0";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class))
		// in place of the one reading this machine's sysctl
		.withBean(ListenerBootstrap.class, () -> new ListenerBootstrap((event) -> {
		}, List.of()))
		.withPropertyValues("listener.host=127.0.0.1", "listener.port=0");

	@TempDir
	Path directory;

	private final Logger logger = (Logger) LoggerFactory.getLogger(ReusePortHandover.class);

	private final Level level = this.logger.getLevel();

	@AfterEach
	void restoreLevel() {
		this.logger.setLevel(this.level);
	}

	@Test
	void aTcpListenerSharingItsPortWhileTheSysctlIsZeroIsWarnedAboutOnceSayingWhatIsLostAndHowToSetIt(
			CapturedOutput output) throws IOException {
		Path sysctl = sysctl("0\n");
		this.runner.withPropertyValues("listener.reuse-port=true").run((context) -> {
			start(context, sysctl);
			assertThat(output).containsOnlyOnce("Listener 'default' " + WARNING)
				.contains("connections waiting in that socket's accept queue are reset")
				.contains("sysctl -w net.ipv4.tcp_migrate_req=1' (Linux 5.14+, per network namespace)");
			assertThat(output.toString().lines().filter((line) -> line.contains(WARNING)))
				.singleElement()
				.asString()
				.contains("WARN");
		});
	}

	@Test
	void eachListenerSharingItsPortIsWarnedAbout(CapturedOutput output) throws IOException {
		Path sysctl = sysctl("0\n");
		this.runner
			.withPropertyValues("listener.reuse-port=true", "listener.sockets.game.port=0",
					"listener.sockets.admin.port=0", "listener.sockets.admin.reuse-port=false")
			.run((context) -> {
				start(context, sysctl);
				assertThat(output).containsOnlyOnce("Listener 'game' " + WARNING).doesNotContain("'admin' " + WARNING);
			});
	}

	@Test
	void nothingIsWarnedWhenTheSysctlIsOne(CapturedOutput output) throws IOException {
		Path sysctl = sysctl("1\n");
		this.logger.setLevel(Level.DEBUG);
		this.runner.withPropertyValues("listener.reuse-port=true").run((context) -> {
			start(context, sysctl);
			assertThat(output).doesNotContain(WARNING)
				.contains("Listener 'default' shares its port (reuse-port); net.ipv4.tcp_migrate_req is 1: a handover "
						+ "moves the connections waiting in the old socket's accept queue to another socket");
		});
	}

	@Test
	void nothingIsWarnedWhereTheSysctlIsAbsentWhichIsSaidAtDebug(CapturedOutput output) {
		Path absent = this.directory.resolve("tcp_migrate_req");
		this.logger.setLevel(Level.DEBUG);
		this.runner.withPropertyValues("listener.reuse-port=true").run((context) -> {
			start(context, absent);
			assertThat(output).doesNotContain(WARNING)
				.contains("net.ipv4.tcp_migrate_req cannot be read at " + absent + " (a kernel before 5.14, or not "
						+ "Linux): nothing to warn about");
		});
	}

	@Test
	void noListenerSharingItsPortIsWarnedAbout(CapturedOutput output) throws IOException {
		Path sysctl = sysctl("0\n");
		this.runner.run((context) -> {
			start(context, sysctl);
			assertThat(output).doesNotContain(WARNING);
		});
	}

	@Test
	void aDatagramListenerSharingItsPortIsNotWarnedAbout(CapturedOutput output) throws IOException {
		Path sysctl = sysctl("0\n");
		this.runner.withPropertyValues("listener.reuse-port=true", "listener.socket-type=dgram", "listener.protocol=udp")
			.run((context) -> {
				start(context, sysctl);
				assertThat(output).doesNotContain(WARNING);
			});
	}

	private Path sysctl(String value) throws IOException {
		return Files.writeString(this.directory.resolve("tcp_migrate_req"), value);
	}

	private static void start(AssertableApplicationContext context, Path sysctl) {
		assertThat(context).hasNotFailed();
		List<Listener> listeners = context.getBeanProvider(Listener.class).orderedStream().toList();
		assertThat(listeners).isNotEmpty();
		new ListenerBootstrap(context, listeners, new ReusePortHandover(sysctl)).start();
	}

}
