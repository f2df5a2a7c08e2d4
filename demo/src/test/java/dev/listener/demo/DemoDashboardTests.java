package dev.listener.demo;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Grafana dashboard in {@code grafana/listener-dashboard.json} against a real Prometheus
 * (Debian's {@code prometheus} package, which {@code .ci/run} installs) scraping the demo: every
 * panel's query returns data.
 */
class DemoDashboardTests {

	private static final Path DASHBOARD = Path.of("../grafana/listener-dashboard.json");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void everyPanelQueryReturnsData(@TempDir Path directory) throws Exception {
		Path prometheus = Path.of("/usr/bin/prometheus");
		if (!Files.isExecutable(prometheus)) {
			System.out.println("DemoDashboardTests skipped: no " + prometheus + " (apt-get install prometheus)");
		}
		assumeTrue(Files.isExecutable(prometheus), "needs Debian's prometheus package");
		try (ConfigurableApplicationContext demo = new SpringApplicationBuilder(DemoApplication.class).run(
				"--server.port=0", "--server.address=127.0.0.1", "--listener.host=127.0.0.1",
				"--listener.sockets.game-tcp.port=0", "--listener.sockets.game-udp.port=0",
				"--listener.sockets.game-udp.socket-type=dgram", "--listener.sockets.game-udp.protocol=udp")) {
			int serverPort = ((WebServerApplicationContext) demo).getWebServer().getPort();
			int prometheusPort = freePort();
			Path config = directory.resolve("prometheus.yml");
			Files.writeString(config, """
					global:
					  scrape_interval: 1s
					scrape_configs:
					  - job_name: demo
					    metrics_path: /actuator/prometheus
					    static_configs:
					      - targets: ['127.0.0.1:%d']
					""".formatted(serverPort));
			Process process = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
					"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort,
					"--log.level=warn")
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("prometheus.log").toFile())
				.start();
			try {
				String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=";
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
					.until(() -> value(api, "count_over_time(listener_open{listener=\"game-tcp\"}[1m])") >= 2);
				traffic(demo);
				resets(demo, 1000);
				// enough scrapes after the traffic for rate() over a minute
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
					.until(() -> value(api, "count_over_time(listener_open{listener=\"game-tcp\"}[1m])") >= 6
							&& value(api, "sum(listener_connections_closed_total{reason=\"reset\"})") >= 1000);
				assertThat(value(api, "sum(listener_connections_closed_total{reason=\"reset\"})")).isEqualTo(1000);
				assertThat(value(api, "sum(listener_handler_errors_total)")).isZero();
				assertThat(value(api, "histogram_quantile(0.99, sum by (le) "
						+ "(rate(listener_connection_duration_seconds_bucket{listener=\"game-tcp\"}[1m])))")).isPositive();
				List<String> empty = new ArrayList<>();
				List<String> queries = queries();
				assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
				for (String query : queries) {
					List<?> result = JsonPath.read(get(api + encode(query)), "$.data.result");
					if (result.isEmpty()) {
						empty.add(query);
					}
				}
				assertThat(empty).as("panel queries without data").isEmpty();
			}
			finally {
				process.destroy();
				process.waitFor();
			}
		}
	}

	/** Every panel's PromQL, with the dashboard's variables as Grafana fills them for "All". */
	private static List<String> queries() throws IOException {
		List<String> expressions = JsonPath.read(Files.readString(DASHBOARD), "$.panels[*].targets[*].expr");
		return expressions.stream()
			.map((expr) -> expr.replace("$listener", ".*").replace("$__rate_interval", "1m"))
			.toList();
	}

	private static void traffic(ConfigurableApplicationContext demo) throws IOException {
		Map<String, Listener> listeners = demo.getBeansOfType(Listener.class);
		int tcp = listeners.get("game-tcpListener").port();
		int udp = listeners.get("game-udpListener").port();
		byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < 3; i++) {
			try (Socket client = new Socket(InetAddress.getLoopbackAddress(), tcp)) {
				client.setSoTimeout(5000);
				client.getOutputStream().write(hello);
				assertThat(client.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
			}
			try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
				client.setSoTimeout(5000);
				client.send(new DatagramPacket(hello, hello.length, InetAddress.getLoopbackAddress(), udp));
				client.receive(new DatagramPacket(new byte[64], 64));
			}
		}
	}

	/** Clients that leave with a reset: a round trip, then unread data and SO_LINGER 0. */
	private static void resets(ConfigurableApplicationContext demo, int count) throws IOException {
		int tcp = demo.getBean("game-tcpListener", Listener.class).port();
		byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < count; i++) {
			try (Socket client = new Socket(InetAddress.getLoopbackAddress(), tcp)) {
				client.setSoTimeout(5000);
				client.getOutputStream().write(hello);
				assertThat(client.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
				client.getOutputStream().write(hello);
				client.setSoLinger(true, 0);
			}
		}
	}

	private double value(String api, String query) throws Exception {
		List<String> values = JsonPath.read(get(api + encode(query)), "$.data.result[*].value[1]");
		return values.isEmpty() ? 0 : Double.parseDouble(values.get(0));
	}

	private String get(String uri) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private static String encode(String query) {
		return URLEncoder.encode(query, StandardCharsets.UTF_8);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
