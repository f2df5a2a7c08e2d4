package dev.listener.demo;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.listener.demo.ChildProcesses.freePort;
import static dev.listener.demo.ChildProcesses.works;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A rolling restart behind Debian's HAProxy in TCP mode: three instances of the packaged demo, each
 * checked on its readiness endpoint on its own management port, are restarted one after the other
 * while clients connect through HAProxy, send a line, read its echo and close, in a loop. Each
 * instance has a {@code shutdown-delay} longer than HAProxy takes to see readiness refuse, so HAProxy
 * stops sending it connections while it still accepts them: no connect fails and every request gets
 * its reply. HAProxy retries nothing ({@code retries 0}), so a connection to an instance that no
 * longer accepts would reach the client as a connection closed without its reply.
 */
class DemoRollingRestartIT {

	private static final Path JAR = Path.of("target/listener-demo.jar");

	private static final int INSTANCES = 3;

	/**
	 * HAProxy checks every 200 ms and marks an instance down at the first failed check; a check may
	 * take 1 s (timeout check) on a loaded machine.
	 */
	private static final String CHECK = "inter 200ms fall 1 rise 2";

	/** Longer than a check interval plus a check's timeout. */
	private static final String SHUTDOWN_DELAY = "3s";

	private static final int CLIENTS = 4;

	/** Bounds the clients' loops, whatever happens. */
	private static final int MAX_REQUESTS = 200_000;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void restartingEachInstanceInTurnFailsNoConnectAndLosesNoRequest(@TempDir Path directory) throws Exception {
		assumeTrue(works("haproxy", "-v"), "needs haproxy (Debian package haproxy)");
		assertThat(JAR).as("the demo jar, built by mvn package").exists();
		int front = freePort();
		int stats = freePort();
		List<Instance> instances = new ArrayList<>();
		for (int i = 1; i <= INSTANCES; i++) {
			instances.add(new Instance("s" + i, freePort(), freePort(), directory));
		}
		Path config = directory.resolve("haproxy.cfg");
		Files.writeString(config, haproxyConfig(front, stats, instances));
		assertThat(works("haproxy", "-c", "-q", "-f", config.toString())).as("haproxy -c accepts the config").isTrue();
		Process haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
			.redirectOutput(directory.resolve("haproxy.log").toFile())
			.start();
		List<Client> clients = new ArrayList<>();
		List<CompletableFuture<Void>> loops = new ArrayList<>();
		try {
			instances.forEach(Instance::start);
			for (Instance instance : instances) {
				instance.awaitStarted();
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> up(stats).values().stream().filter("UP"::equals).count()
					== INSTANCES);
			for (int i = 0; i < CLIENTS; i++) {
				Client client = new Client(front);
				clients.add(client);
				loops.add(CompletableFuture.runAsync(client::run));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> answered(clients) >= 100);
			for (Instance instance : instances) {
				instance.stop();
				String log = instance.log();
				assertThat(log).contains("Listener 'default' goes on accepting for " + SHUTDOWN_DELAY)
					.contains("Listener 'default' stopped accepting");
				long before = answered(clients);
				instance.start();
				instance.awaitStarted();
				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(up(stats)).as("haproxy: %s, %s: %s",
							Files.readString(directory.resolve("haproxy.log")), instance.name, instance.log())
						.containsEntry(instance.name, "UP"));
				await().atMost(Duration.ofSeconds(10)).until(() -> answered(clients) >= before + 100);
			}
			long beforeEnd = answered(clients);
			await().atMost(Duration.ofSeconds(10)).until(() -> answered(clients) >= beforeEnd + 100);
			clients.forEach((client) -> client.stop.set(true));
			CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			Map<String, Map<String, String>> servers = servers(stats);
			long sent = clients.stream().mapToLong((client) -> client.sent.get()).sum();
			long failed = clients.stream().mapToLong((client) -> client.failed.get()).sum();
			System.out.println("rolling restart behind haproxy: sent " + sent + ", answered " + answered(clients)
					+ ", failed " + failed + "; per instance (connections, connect errors, response errors): "
					+ servers.entrySet()
						.stream()
						.map((entry) -> entry.getKey() + " " + entry.getValue().get("stot") + "/"
								+ entry.getValue().get("econ") + "/" + entry.getValue().get("eresp"))
						.toList());
			String problems = clients.stream().flatMap((client) -> client.problems.stream()).limit(10).toList()
					.toString();
			assertThat(failed).as(problems).isZero();
			assertThat(answered(clients)).isEqualTo(sent);
			assertThat(servers).hasSize(INSTANCES).allSatisfy((name, server) -> {
				assertThat(server.get("econ")).as("connect errors to %s", name).isEqualTo("0");
				assertThat(server.get("eresp")).as("response errors from %s", name).isEqualTo("0");
				assertThat(Long.parseLong(server.get("stot"))).as("connections to %s", name).isPositive();
			});
		}
		finally {
			clients.forEach((client) -> client.stop.set(true));
			instances.forEach(Instance::kill);
			haproxy.destroy();
			if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
				haproxy.destroyForcibly();
			}
		}
	}

	private static String haproxyConfig(int front, int stats, List<Instance> instances) {
		StringBuilder config = new StringBuilder("""
				global
				    maxconn 2000
				defaults
				    mode tcp
				    timeout connect 2s
				    timeout client 30s
				    timeout server 30s
				    timeout check 1s
				    retries 0
				frontend echo
				    bind 127.0.0.1:%d
				    default_backend demo
				listen stats
				    mode http
				    bind 127.0.0.1:%d
				    stats enable
				    stats uri /stats
				backend demo
				    balance roundrobin
				    option httpchk GET /actuator/health/readiness
				    http-check expect status 200
				    default-server %s
				""".formatted(front, stats, CHECK));
		for (Instance instance : instances) {
			config.append("    server ")
				.append(instance.name)
				.append(" 127.0.0.1:")
				.append(instance.port)
				.append(" check port ")
				.append(instance.managementPort)
				.append('\n');
		}
		return config.toString();
	}

	/** @return each instance's status in HAProxy (UP, DOWN, ...), by name */
	private Map<String, String> up(int stats) throws Exception {
		Map<String, String> status = new HashMap<>();
		servers(stats).forEach((name, server) -> status.put(name, server.get("status")));
		return status;
	}

	/** @return the backend's servers from HAProxy's CSV statistics, each a column by name */
	private Map<String, Map<String, String>> servers(int stats) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stats + "/stats;csv")).build(),
				HttpResponse.BodyHandlers.ofString());
		List<String> lines = response.body().lines().toList();
		String[] columns = lines.get(0).replaceFirst("^# ", "").split(",", -1);
		Map<String, Map<String, String>> servers = new HashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] values = line.split(",", -1);
			if (values.length < 2 || !values[0].equals("demo") || values[1].equals("BACKEND")) {
				continue;
			}
			Map<String, String> server = new HashMap<>();
			for (int i = 0; i < Math.min(columns.length, values.length); i++) {
				server.put(columns[i], values[i]);
			}
			servers.put(values[1], server);
		}
		return servers;
	}

	private static long answered(List<Client> clients) {
		return clients.stream().mapToLong((client) -> client.answered.get()).sum();
	}

	/** One instance of the packaged demo, started again on the same ports after each stop. */
	private static final class Instance {

		private final String name;

		private final int port;

		private final int managementPort;

		private final File log;

		private volatile Process process;

		private int starts;

		Instance(String name, int port, int managementPort, Path directory) {
			this.name = name;
			this.port = port;
			this.managementPort = managementPort;
			this.log = directory.resolve(name + ".log").toFile();
		}

		void start() {
			this.starts++;
			List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "--listener.host=127.0.0.1",
					"--listener.port=" + this.port, "--server.port=0", "--management.server.port=" + this.managementPort,
					"--management.server.address=127.0.0.1", "--listener.shutdown-delay=" + SHUTDOWN_DELAY,
					"--spring.lifecycle.timeout-per-shutdown-phase=20s",
					// the listener's health reads each listen socket's accept queue with TCP_INFO, whose
					// cost the loop's TIME_WAIT sockets do not grow: readiness includes it
					"--management.endpoint.health.group.readiness.include=readinessState,listener");
			try {
				this.process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.to(this.log))
					.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot start " + command, ex);
			}
		}

		void awaitStarted() throws IOException {
			await().atMost(Duration.ofSeconds(180))
				.until(() -> log().contains("Started DemoApplication") || !this.process.isAlive());
			assertThat(this.process.isAlive()).as("%s started (start %d): %s", this.name, this.starts, log()).isTrue();
		}

		/** SIGTERM, then waits for the process to end. */
		void stop() throws InterruptedException, IOException {
			this.process.destroy();
			boolean stopped = this.process.waitFor(60, TimeUnit.SECONDS);
			assertThat(stopped).as("%s stopped: %s", this.name, log()).isTrue();
		}

		void kill() {
			Process process = this.process;
			if (process != null) {
				process.destroyForcibly();
			}
		}

		String log() throws IOException {
			return Files.readString(this.log.toPath());
		}

	}

	/** Connects through HAProxy, sends a line, reads its echo and closes, until stopped. */
	private static final class Client {

		private final int port;

		final AtomicBoolean stop = new AtomicBoolean();

		final AtomicLong sent = new AtomicLong();

		final AtomicLong answered = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();

		Client(int port) {
			this.port = port;
		}

		void run() {
			for (int i = 0; i < MAX_REQUESTS && !this.stop.get(); i++) {
				byte[] request = ("request " + i + "\n").getBytes(StandardCharsets.UTF_8);
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 5000);
					socket.setSoTimeout(10_000);
					socket.getOutputStream().write(request);
					this.sent.incrementAndGet();
					byte[] reply = socket.getInputStream().readNBytes(request.length);
					if (new String(reply, StandardCharsets.UTF_8).equals(new String(request, StandardCharsets.UTF_8))) {
						this.answered.incrementAndGet();
					}
					else {
						failed("reply " + reply.length + " of " + request.length + " bytes");
					}
				}
				catch (IOException ex) {
					failed(ex.toString());
				}
				pause();
			}
		}

		/** About 200 requests a second per client: enough to meet every step, few TIME_WAIT sockets. */
		private static void pause() {
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private void failed(String problem) {
			this.failed.incrementAndGet();
			if (this.problems.size() < 10) {
				this.problems.add(problem);
			}
		}

	}

}
