package dev.listener.demo;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The demo as a process: SIGTERM stops it gracefully. Its JVM stays up while it serves (no
 * {@code spring.main.keep-alive}), an open connection keeps being served after SIGTERM while new
 * ones are refused, and the process exits once that connection closes.
 */
@EnabledOnOs(OS.LINUX)
class DemoShutdownTests {

	private static final Pattern BOUND = Pattern.compile("Listener 'default' bound to tcp4 127\\.0\\.0\\.1:(\\d+)");

	private final List<String> output = new CopyOnWriteArrayList<>();

	private Process process;

	@AfterEach
	void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "blocking", "netty" })
	void sigtermServesTheOpenConnectionToItsEndRefusesNewOnesThenExits(String engine) throws Exception {
		int port = start(engine);
		try (Socket open = connect(port)) {
			assertThat(roundTrip(open, "before SIGTERM")).isEqualTo("before SIGTERM");
			// SIGTERM; Process.destroy() would also close our end of its output
			assertThat(this.process.toHandle().destroy()).isTrue();
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(this.output).anyMatch((line) -> line.contains("refuse new connections")));
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(port).close());
			assertThat(roundTrip(open, "after SIGTERM")).isEqualTo("after SIGTERM");
			assertThat(this.process.isAlive()).isTrue();
		}
		assertThat(this.process.waitFor(20, TimeUnit.SECONDS)).as("exited once the connection closed").isTrue();
		assertThat(this.output).noneMatch((line) -> line.contains("still running after timeout"));
	}

	/** Starts the demo on a free loopback port, with the test's class path, and returns the port. */
	private int start(String engine) throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classPath,
				DemoApplication.class.getName(), "--listener.port=0", "--server.port=0", "--listener.host=127.0.0.1",
				"--spring.lifecycle.timeout-per-shutdown-phase=30s", "--listener.engine=" + engine));
		this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				lines.lines().forEach(this.output::add);
			}
			catch (Exception ex) {
				// the process ended
			}
		}, "demo-output");
		reader.setDaemon(true);
		reader.start();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.output.stream().anyMatch((line) -> BOUND.matcher(line).find()) || !this.process.isAlive());
		assertThat(this.process.isAlive()).as("demo started: %s", this.output).isTrue();
		String serving = engine.equals("netty") ? "Listener 'default' serving on netty"
				: "Listener 'default' serving (";
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.output).as("served on the %s engine", engine)
				.anyMatch((line) -> line.contains(serving)));
		Matcher matcher = this.output.stream()
			.map(BOUND::matcher)
			.filter(Matcher::find)
			.findFirst()
			.orElseThrow();
		return Integer.parseInt(matcher.group(1));
	}

	private static Socket connect(int port) throws Exception {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
		socket.setSoTimeout(5000);
		return socket;
	}

	private static String roundTrip(Socket socket, String text) throws Exception {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		socket.getOutputStream().write(bytes);
		return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
	}

}
