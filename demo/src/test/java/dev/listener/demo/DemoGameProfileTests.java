package dev.listener.demo;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's {@code game} profile: TCP and UDP side by side on one port and a Unix socket for an
 * admin echo, each echoing, each a child of the health composite and a tag of the meters; and its
 * bad cases stopping a real JVM with exit code 1, a report, and nothing left behind.
 */
class DemoGameProfileTests {

	@Test
	void tcpAndUdpOnOnePortAndAUnixSocketEachEcho(@TempDir Path directory) throws Exception {
		Path admin = directory.resolve("admin.sock");
		int port = freePort();
		try (ConfigurableApplicationContext demo = new SpringApplicationBuilder(DemoApplication.class).profiles("game")
			.run("--listener.port=" + port, "--listener.host=127.0.0.1", "--server.port=0",
					"--listener.sockets.admin.path=" + admin)) {
			assertThat(demo.getBean("game-tcpListener", Listener.class).port()).isEqualTo(port);
			assertThat(demo.getBean("game-udpListener", Listener.class).port()).isEqualTo(port);
			assertThat(tcpEcho(port, "over tcp")).isEqualTo("over tcp");
			assertThat(udpEcho(port, "over udp")).isEqualTo("over udp");
			assertThat(unixEcho(admin, "over unix")).isEqualTo("over unix");
			if (Files.isExecutable(Path.of("/usr/bin/socat"))) {
				assertThat(socatEcho(admin, "over socat")).isEqualTo("over socat");
			}
			else {
				System.out.println("socat part skipped: no /usr/bin/socat (apt-get install socat)");
			}
			assertThat(Files.getPosixFilePermissions(admin)).extracting(Object::toString)
				.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "GROUP_READ", "GROUP_WRITE");
			if (hasSs()) {
				assertThat(run("ss", "-ltn", "sport = :" + port)).contains("127.0.0.1:" + port);
				assertThat(run("ss", "-lun", "sport = :" + port)).contains("127.0.0.1:" + port);
				assertThat(run("ss", "-lx")).contains(admin.toString());
			}
			RestClient http = RestClient.create(
					"http://127.0.0.1:" + ((WebServerApplicationContext) demo).getWebServer().getPort());
			String health = http.get().uri("/actuator/health").retrieve().body(String.class);
			assertThat(JsonPath.<java.util.Map<String, Object>>read(health, "$.components.listener.components"))
				.containsOnlyKeys("game-tcp", "game-udp", "admin");
			String prometheus = http.get().uri("/actuator/prometheus").retrieve().body(String.class);
			assertThat(prometheus).containsPattern("listener_connections_accepted_total\\{[^}]*listener=\"game-tcp\"")
				.containsPattern("listener_connections_accepted_total\\{[^}]*listener=\"admin\"")
				.containsPattern("listener_datagrams_received_total\\{[^}]*listener=\"game-udp\"[^}]*\\} [1-9]");
		}
		assertThat(admin).doesNotExist();
	}

	@Test
	void aPathTooLongStopsTheDemoWithAReportAndLeavesNoSocketBehind(@TempDir Path directory) throws Exception {
		int port = freePort();
		String tooLong = directory.resolve("x".repeat(120) + ".sock").toString();
		Child child = demo(directory, "--listener.port=" + port, "--listener.sockets.admin.path=" + tooLong);
		assertThat(child.exitCode()).isEqualTo(1);
		assertThat(child.output()).contains("APPLICATION FAILED TO START").contains("listener.sockets.admin.path")
			.doesNotContain("\tat ");
		if (hasSs()) {
			assertThat(run("ss", "-ltn", "sport = :" + port)).doesNotContain(":" + port);
		}
	}

	/** Whether iproute2's {@code ss} is on the PATH; says so when it is not, as the socat part does. */
	private static boolean hasSs() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, "ss"))) {
				return true;
			}
		}
		System.out.println("ss part skipped: no ss on the PATH (apt-get install iproute2)");
		return false;
	}

	@Test
	void aSocketFileInUseStopsTheDemoAndIsLeftToItsOwner(@TempDir Path directory) throws Exception {
		Path admin = directory.resolve("admin.sock");
		try (var owner = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			owner.bind(UnixDomainSocketAddress.of(admin));
			Child child = demo(directory, "--listener.port=0", "--listener.sockets.admin.path=" + admin);
			assertThat(child.exitCode()).isEqualTo(1);
			assertThat(child.output()).contains("address already in use").contains(admin.toString())
				.doesNotContain("\tat ");
			assertThat(admin).exists();
			assertThat(unixConnectable(admin)).isTrue();
		}
	}

	@Test
	void collidingListenersStopTheDemoNamingBoth(@TempDir Path directory) throws Exception {
		Child child = demo(directory, "--listener.port=0", "--listener.sockets.admin.family=inet",
				"--listener.sockets.admin.port=" + freePort(), "--listener.sockets.game-tcp.port=${listener.sockets.admin.port}");
		assertThat(child.exitCode()).isEqualTo(1);
		assertThat(child.output()).contains("listener 'admin' is configured for")
			.contains("Listener 'game-tcp' failed at bind()")
			.contains("Listener 'admin', opened before it")
			.doesNotContain("\tat ");
	}

	/** The demo in a child JVM with the game profile: as {@code java -jar}, with Boot's exit code. */
	private static Child demo(Path directory, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), DemoApplication.class.getName(), "--spring.profiles.active=game",
				"--server.port=0", "--listener.host=127.0.0.1"));
		command.addAll(List.of(args));
		File log = directory.resolve("demo.log").toFile();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("The demo did not stop within 60 s: " + Files.readString(log.toPath()));
		}
		return new Child(process.exitValue(), Files.readString(log.toPath()));
	}

	private record Child(int exitCode, String output) {

	}

	private static String tcpEcho(int port, String text) throws IOException {
		try (Socket client = new Socket()) {
			client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			client.setSoTimeout(5000);
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			client.getOutputStream().write(bytes);
			return new String(client.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
		}
	}

	private static String udpEcho(int port, String text) throws IOException {
		try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			client.setSoTimeout(5000);
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
			DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
			client.receive(reply);
			return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
		}
	}

	private static String unixEcho(Path path, String text) throws IOException {
		try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			client.write(ByteBuffer.wrap(bytes));
			ByteBuffer reply = ByteBuffer.allocate(bytes.length);
			while (reply.hasRemaining() && client.read(reply) >= 0) {
				// until the whole echo is back
			}
			return new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8);
		}
	}

	private static boolean unixConnectable(Path path) {
		try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
			return client.isConnected();
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String socatEcho(Path path, String text) throws Exception {
		Process socat = new ProcessBuilder("socat", "-t", "2", "-", "UNIX-CONNECT:" + path).redirectErrorStream(true)
			.start();
		socat.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
		socat.getOutputStream().close();
		assertThat(socat.waitFor(10, TimeUnit.SECONDS)).isTrue();
		return new String(socat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	private static String run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
