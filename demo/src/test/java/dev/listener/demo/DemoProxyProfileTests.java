package dev.listener.demo;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.listener.socket.Listener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's {@code proxy} profile behind a real HAProxy (Debian's, started per test) on both
 * engines: one frontend sends PROXY v1 ({@code send-proxy}), the other v2 ({@code send-proxy-v2}).
 * A client bound to 127.0.0.3 is echoed, and the echo's DEBUG line names it as the client and
 * HAProxy's 127.0.0.1 as the peer; with the balancer outside {@code trusted}, the same headers are
 * refused and counted.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoProxyProfileTests {

	private static final String HAPROXY = "/usr/sbin/haproxy";

	private static final String CLIENT = "127.0.0.3";

	@TempDir
	Path dir;

	private Process haproxy;

	@AfterEach
	void stopHaproxy() throws InterruptedException {
		if (this.haproxy != null) {
			this.haproxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "blocking", "netty" })
	void haproxyV1AndV2GiveTheEchoTheClientsAddress(String engine, CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext demo = demo(engine, "127.0.0.1/32")) {
			for (int frontend : startHaproxy(demo.getBean(Listener.class).port())) {
				try (Socket client = connect(frontend)) {
					byte[] line = "hello through haproxy\n".getBytes(StandardCharsets.UTF_8);
					client.getOutputStream().write(line);
					assertThat(client.getInputStream().readNBytes(line.length)).isEqualTo(line);
					// logged before the first byte is echoed
					assertThat(output.getOut()).containsPattern(Pattern.quote("Echoing for " + CLIENT + ":"
							+ client.getLocalPort() + " (through 127.0.0.1:") + "\\d+\\)");
				}
			}
			assertThat(rejected(demo)).isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "blocking", "netty" })
	void theSameHeadersFromAnUntrustedBalancerAreRefusedAndCounted(String engine, CapturedOutput output)
			throws Exception {
		try (ConfigurableApplicationContext demo = demo(engine, "10.0.0.0/8")) {
			for (int frontend : startHaproxy(demo.getBean(Listener.class).port())) {
				try (Socket client = connect(frontend)) {
					client.getOutputStream().write("refused\n".getBytes(StandardCharsets.UTF_8));
					assertThat(readUntilClosed(client)).isZero();
				}
			}
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rejected(demo)).isEqualTo(2));
			assertThat(output.getOut()).doesNotContain("Echoing for");
		}
	}

	/** The demo with the proxy profile on 127.0.0.1, its echo logging at DEBUG. */
	private static ConfigurableApplicationContext demo(String engine, String trusted) {
		return new SpringApplicationBuilder(DemoApplication.class).profiles("proxy")
			.run("--listener.engine=" + engine, "--listener.port=0", "--listener.host=127.0.0.1", "--server.port=0",
					"--server.address=127.0.0.1", "--listener.proxy-protocol.trusted=" + trusted,
					"--logging.level.dev.listener.demo=debug");
	}

	/** {@code listener_connections_rejected_total{reason="proxy-untrusted"}} in the demo's Prometheus scrape. */
	private static double rejected(ConfigurableApplicationContext demo) {
		String scrape = RestClient
			.create("http://127.0.0.1:" + ((WebServerApplicationContext) demo).getWebServer().getPort())
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.body(String.class);
		Matcher series = Pattern
			.compile("^listener_connections_rejected_total\\{[^}]*reason=\"proxy-untrusted\"[^}]*\\} (\\S+)$",
					Pattern.MULTILINE)
			.matcher(scrape);
		assertThat(series.find()).as(scrape).isTrue();
		return Double.parseDouble(series.group(1));
	}

	/**
	 * Starts HAProxy in front of the demo, as docs/protection.md's configuration: a frontend sending PROXY v1,
	 * one sending v2, no retries.
	 * @return the frontends' ports, v1 then v2
	 */
	private int[] startHaproxy(int demoPort) throws Exception {
		if (!new File(HAPROXY).canExecute()) {
			System.out.println("DemoProxyProfileTests skipped: no " + HAPROXY + " (apt-get install haproxy)");
		}
		Assumptions.assumeTrue(new File(HAPROXY).canExecute(), "needs Debian's haproxy package");
		Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
		int v1 = freePort();
		int v2 = freePort();
		Path config = this.dir.resolve("haproxy.cfg");
		Files.writeString(config, """
				global
				  maxconn 100
				defaults
				  mode tcp
				  retries 0
				  timeout connect 5s
				  timeout client 10s
				  timeout server 10s
				frontend v1
				  bind 127.0.0.1:%d
				  default_backend v1
				backend v1
				  server demo 127.0.0.1:%d send-proxy
				frontend v2
				  bind 127.0.0.1:%d
				  default_backend v2
				backend v2
				  server demo 127.0.0.1:%d send-proxy-v2
				""".formatted(v1, demoPort, v2, demoPort));
		Path log = this.dir.resolve("haproxy.log");
		this.haproxy = new ProcessBuilder(HAPROXY, "-db", "-f", config.toString()).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		// ready once the kernel lists both ports as listening: connecting would reach the demo, and
		// binding them to find out would make haproxy's own bind fail
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			assertThat(this.haproxy.isAlive()).as(() -> "haproxy: " + read(log)).isTrue();
			assertThat(List.of(isListening(v1), isListening(v2))).containsOnly(true);
		});
		return new int[] { v1, v2 };
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		// its TIME_WAIT after the close then does not keep a listener of a later test off the port
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getByName(CLIENT), 0));
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	/** Reads until the other end closes (or resets); a connection kept open fails with a timeout. */
	private static int readUntilClosed(Socket socket) throws IOException {
		int count = 0;
		try {
			while (socket.getInputStream().read() >= 0) {
				count++;
			}
		}
		catch (SocketException ex) {
			assertThat(ex.getMessage()).contains("Connection reset");
		}
		return count;
	}

	/** Whether {@code /proc/net/tcp} (what {@code ss -ltn} reads) has a listening socket on the port. */
	private static boolean isListening(int port) throws IOException {
		String local = ":" + String.format(Locale.ROOT, "%04X", port);
		return Files.readAllLines(Path.of("/proc/net/tcp"))
			.stream()
			.skip(1)
			.map((line) -> line.trim().split("\\s+"))
			.anyMatch((fields) -> fields[1].endsWith(local) && fields[3].equals("0A"));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
