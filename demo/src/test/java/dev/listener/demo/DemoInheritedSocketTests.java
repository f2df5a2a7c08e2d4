package dev.listener.demo;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.listener.demo.ChildProcesses.freePort;
import static dev.listener.demo.ChildProcesses.works;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo serving a socket it inherits on standard input, started the way systemd
 * ({@code StandardInput=socket}) or inetd ({@code wait}) start it: a python3 script binds the socket,
 * puts it on fd 0 and execs the demo's JVM.
 */
class DemoInheritedSocketTests {

	/** argv: tcp|udp port -- command...: binds 127.0.0.1:port, listens when tcp, puts it on fd 0. */
	private static final String STDIN_SOCKET = """
			import os, socket, sys
			kind, port = sys.argv[1], int(sys.argv[2])
			s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if kind == 'tcp' else socket.SOCK_DGRAM)
			s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
			s.bind(('127.0.0.1', port))
			if kind == 'tcp':
			    s.listen(16)
			os.dup2(s.fileno(), 0)
			os.execvp(sys.argv[4], sys.argv[4:])
			""";

	@Test
	void servesTheListeningSocketOnStandardInput(@TempDir Path directory) throws Exception {
		int port = freePort();
		Process demo = demo(directory, "tcp", port);
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log(directory).toPath())
				.contains("Listener 'default' serving") || !demo.isAlive());
			assertThat(Files.readString(log(directory).toPath())).contains("Listener 'default' inherited from standard input: tcp4 127.0.0.1:" + port);
			try (Socket client = new Socket()) {
				client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
				client.setSoTimeout(5000);
				byte[] hello = "hello from systemd".getBytes(StandardCharsets.UTF_8);
				client.getOutputStream().write(hello);
				assertThat(client.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
			}
		}
		finally {
			demo.destroy();
			assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void aDatagramSocketWhereStreamIsConfiguredStopsTheDemoWithAReport(@TempDir Path directory) throws Exception {
		Process demo = demo(directory, "udp", freePort());
		assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log(directory).toPath());
		assertThat(demo.exitValue()).as(output).isEqualTo(1);
		assertThat(output).contains("APPLICATION FAILED TO START").contains("listener.inherited")
			.doesNotContain("\tat ");
	}

	private static Process demo(Path directory, String kind, int port) throws IOException {
		assumeTrue(works("python3", "-c", "import socket"), "needs python3 to pass a socket as stdin");
		List<String> command = new ArrayList<>(List.of("python3", "-c", STDIN_SOCKET, kind, Integer.toString(port), "--",
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), DemoApplication.class.getName(), "--listener.inherited=true",
				"--server.port=0"));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(directory)).start();
	}

	private static File log(Path directory) {
		return directory.resolve("demo.log").toFile();
	}

}
