package dev.listener.demo;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.listener.demo.ChildProcesses.freePort;
import static dev.listener.demo.ChildProcesses.freeUdpPort;
import static dev.listener.demo.ChildProcesses.works;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo under systemd's socket activation: named sockets from descriptor 3 on, with
 * {@code LISTEN_PID}, {@code LISTEN_FDS} and {@code LISTEN_FDNAMES}, passed by a socket holder of the
 * test's own (a python3 script that binds them and execs the demo's JVM, as systemd does) and by
 * Debian's {@code systemd-socket-activate}.
 */
class DemoSystemdSocketTests {

	/**
	 * argv: [--pid N] name:tcp|udp:port|name:unix:path ... -- command...: binds each on 127.0.0.1 or
	 * the path (listening when tcp or unix), puts them on fds 3, 4, ... in order, sets the variables (LISTEN_PID this process, or N)
	 * and execs the command.
	 */
	private static final String HOLDER = """
			import fcntl, os, socket, sys
			split = sys.argv.index('--')
			specs, command = sys.argv[1:split], sys.argv[split + 1:]
			pid = str(os.getpid())
			if specs and specs[0] == '--pid':
			    pid, specs = specs[1], specs[2:]
			held = []
			for spec in specs:
			    name, kind, where = spec.split(':')
			    if kind == 'unix':
			        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			        s.bind(where)
			    else:
			        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if kind == 'tcp' else socket.SOCK_DGRAM)
			        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
			        s.bind(('127.0.0.1', int(where)))
			    if kind != 'udp':
			        s.listen(64)
			    # kept alive, and copied above the range the descriptors are passed in
			    held.append((name, s, fcntl.fcntl(s.fileno(), fcntl.F_DUPFD_CLOEXEC, 100)))
			for i, (name, s, fd) in enumerate(held):
			    os.dup2(fd, 3 + i)
			os.environ['LISTEN_PID'] = pid
			os.environ['LISTEN_FDS'] = str(len(held))
			os.environ['LISTEN_FDNAMES'] = ':'.join(name for name, s, fd in held)
			os.execvp(command[0], command)
			""";

	/**
	 * Two tcp, one udp and one unix stream descriptor in one start, each served on its listener by
	 * the engine asked for: blocking, or Netty on epoll (what {@code transport: auto} takes on Linux),
	 * which serves each through Netty's channel on a duplicate of the passed descriptor.
	 */
	@ParameterizedTest
	@CsvSource({ "blocking, 'serving (', 'serving datagrams'",
			"netty, 'serving on netty (epoll, ', 'serving datagrams on netty (epoll, '" })
	void servesTwoStreamOneDatagramAndOneUnixSocketPassedByName(String engine, String streams, String datagrams,
			@TempDir Path directory) throws Exception {
		int web = freePort();
		int api = freePort();
		int game = freeUdpPort();
		Path ctl = directory.resolve("ctl.sock");
		Process demo = holder(directory,
				List.of("web:tcp:" + web, "api:tcp:" + api, "game:udp:" + game, "ctl:unix:" + ctl),
				"--listener.engine=" + engine, "--listener.inherited=systemd",
				"--listener.sockets.web.socket-type=stream", "--listener.sockets.admin.socket-type=stream",
				"--listener.sockets.admin.inherited-name=api", "--listener.sockets.game.socket-type=dgram",
				"--listener.sockets.game.protocol=udp", "--listener.sockets.ctl.family=unix");
		try {
			awaitServing(demo, directory, "web", "admin", "game", "ctl");
			String log = Files.readString(log(directory).toPath());
			assertThat(log).contains("Listener 'web' inherited from systemd (fd 3 'web'): tcp4 127.0.0.1:" + web)
				.contains("Listener 'admin' inherited from systemd (fd 4 'api'): tcp4 127.0.0.1:" + api)
				.contains("Listener 'game' inherited from systemd (fd 5 'game'): udp4 127.0.0.1:" + game)
				.contains("Listener 'ctl' inherited from systemd (fd 6 'ctl'): unix " + ctl)
				.doesNotContain("no listener takes");
			for (String name : List.of("web", "admin", "ctl")) {
				assertThat(log).contains("Listener '" + name + "' " + streams);
			}
			assertThat(log).contains("Listener 'game' " + datagrams);
			assertThat(echo(web, "to web")).isEqualTo("to web");
			assertThat(echo(api, "to admin")).isEqualTo("to admin");
			assertThat(echoDatagram(game, "to game")).isEqualTo("to game");
			assertThat(echoUnix(ctl, "to ctl")).isEqualTo("to ctl");
		}
		finally {
			stop(demo);
		}
		assertThat(ctl).exists();
	}

	@ParameterizedTest
	@CsvSource({ "blocking, 'serving ('", "netty, 'serving on netty (epoll, '" })
	void servesTwoNamedStreamSocketsOfSystemdSocketActivateFromTheFirstConnection(String engine, String serving,
			@TempDir Path directory) throws Exception {
		assumeTrue(works("systemd-socket-activate", "--version"), "needs systemd-socket-activate (package systemd)");
		int web = freePort();
		int api = freePort();
		List<String> command = new ArrayList<>(List.of("systemd-socket-activate", "--listen=127.0.0.1:" + web,
				"--listen=127.0.0.1:" + api, "--fdname=web:api"));
		command.addAll(java("--listener.engine=" + engine, "--listener.inherited=systemd",
				"--listener.sockets.web.port=0", "--listener.sockets.api.port=0"));
		Process activator = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(directory)).start();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log(directory).toPath())
				.contains("Listening on 127.0.0.1:" + api) || !activator.isAlive());
			// the JVM starts on this connection, which waits in the backlog meanwhile
			assertThat(echo(web, "first, before the start")).isEqualTo("first, before the start");
			assertThat(echo(api, "to api")).isEqualTo("to api");
			assertThat(Files.readString(log(directory).toPath()))
				.contains("Listener 'web' inherited from systemd (fd 3 'web'): tcp4 127.0.0.1:" + web)
				.contains("Listener 'api' inherited from systemd (fd 4 'api'): tcp4 127.0.0.1:" + api)
				.contains("Listener 'web' " + serving)
				.contains("Listener 'api' " + serving);
		}
		finally {
			stop(activator);
		}
	}

	/** On each engine and transport: Netty's own NIO server channel would delete the file at close. */
	@ParameterizedTest
	@CsvSource({ "blocking, auto, 'serving ('", "netty, epoll, 'serving on netty (epoll, '",
			"netty, nio, 'serving on netty (nio, '" })
	void servesAUnixStreamSocketAndLeavesItsFileToTheHolder(String engine, String transport, String serving,
			@TempDir Path directory) throws Exception {
		Path path = directory.resolve("admin.sock");
		Process demo = holder(directory, List.of("admin:unix:" + path), "--listener.inherited=systemd",
				"--listener.sockets.admin.family=unix", "--listener.engine=" + engine,
				"--listener.netty.transport=" + transport);
		try {
			awaitServing(demo, directory, "admin");
			assertThat(Files.readString(log(directory).toPath()))
				.contains("Listener 'admin' inherited from systemd (fd 3 'admin'): unix " + path)
				.contains("Listener 'admin' " + serving);
			assertThat(echoUnix(path, "over unix")).isEqualTo("over unix");
		}
		finally {
			stop(demo);
		}
		// the file is the holder's: the listener neither created nor removes it
		assertThat(path).exists();
	}

	@Test
	void aDatagramSocketWhereStreamIsConfiguredStopsWithAReport(@TempDir Path directory) throws Exception {
		Process demo = holder(directory, List.of("web:udp:" + freeUdpPort()), "--listener.inherited=systemd",
				"--listener.sockets.web.socket-type=stream");
		assertThat(failureReport(demo, directory)).contains("listen tcp4 systemd socket 'web': inherit: fd 3 'web' is a "
				+ "dgram socket (ListenDatagram=), the socket type is stream")
			.contains("listener.sockets.web.socket-type");
	}

	@Test
	void aNameThatWasNotPassedStopsWithAReportListingThePassedNames(@TempDir Path directory) throws Exception {
		Process demo = holder(directory, List.of("web:tcp:" + freePort(), "api:tcp:" + freePort()),
				"--listener.inherited=systemd", "--listener.sockets.game.port=0");
		assertThat(failureReport(demo, directory))
			.contains("systemd passed no socket named 'game'; the names passed are 'web', 'api'")
			.contains("listener.sockets.game.inherited-name");
	}

	@Test
	void socketsOfAnotherProcessAreIgnoredAndStopWithAReport(@TempDir Path directory) throws Exception {
		Process demo = holder(directory, List.of("--pid", "1", "web:tcp:" + freePort()), "--listener.inherited=systemd",
				"--listener.sockets.web.port=0");
		assertThat(failureReport(demo, directory)).contains("LISTEN_PID is 1, not this process (pid ")
			.contains("they are ignored")
			.contains("exec");
	}

	@Test
	void aSocketNoListenerTakesIsNamedInAWarningAndTheOthersServe(@TempDir Path directory) throws Exception {
		int web = freePort();
		Process demo = holder(directory, List.of("web:tcp:" + web, "spare:tcp:" + freePort()),
				"--listener.inherited=systemd", "--listener.sockets.web.port=0");
		try {
			awaitServing(demo, directory, "web");
			assertThat(Files.readString(log(directory).toPath()))
				.contains("systemd passed sockets that no listener takes: fd 4 'spare'.");
			assertThat(echo(web, "still served")).isEqualTo("still served");
		}
		finally {
			stop(demo);
		}
	}

	private static String failureReport(Process demo, Path directory) throws Exception {
		assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log(directory).toPath());
		assertThat(demo.exitValue()).as(output).isEqualTo(1);
		assertThat(output).contains("APPLICATION FAILED TO START").doesNotContain("\tat ");
		return output;
	}

	private static void awaitServing(Process demo, Path directory, String... listeners) {
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			String log = Files.readString(log(directory).toPath());
			return !demo.isAlive() || List.of(listeners)
				.stream()
				.allMatch((name) -> log.contains("Listener '" + name + "' serving"));
		});
		assertThat(demo.isAlive()).as(() -> read(directory)).isTrue();
	}

	private static Process holder(Path directory, List<String> sockets, String... args) throws IOException {
		assumeTrue(works("python3", "-c", "import socket"), "needs python3 to hold the sockets");
		List<String> command = new ArrayList<>(List.of("python3", "-c", HOLDER));
		command.addAll(sockets);
		command.add("--");
		command.addAll(java(args));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(directory)).start();
	}

	private static List<String> java(String... args) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-cp",
				System.getProperty("java.class.path"), DemoApplication.class.getName(), "--server.port=0"));
		command.addAll(List.of(args));
		return command;
	}

	private static String echo(int port, String text) throws IOException {
		try (Socket client = new Socket()) {
			client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			client.setSoTimeout(60_000);
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			client.getOutputStream().write(bytes);
			return new String(client.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
		}
	}

	private static String echoUnix(Path path, String text) throws IOException {
		try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
			client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
			ByteBuffer reply = ByteBuffer.allocate(text.length());
			// a unix channel has no read timeout: bounded here, so that a dropped connection fails the test
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
				while (reply.hasRemaining() && client.read(reply) >= 0) {
					// the echo
				}
			});
			return new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8);
		}
	}

	private static String echoDatagram(int port, String text) throws IOException {
		try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			client.setSoTimeout(5000);
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
			DatagramPacket reply = new DatagramPacket(new byte[256], 256);
			client.receive(reply);
			return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
		}
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

	private static String read(Path directory) {
		try {
			return Files.readString(log(directory).toPath());
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static File log(Path directory) {
		return directory.resolve("demo.log").toFile();
	}

}
