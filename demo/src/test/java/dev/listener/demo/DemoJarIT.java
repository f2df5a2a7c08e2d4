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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged demo, run as users run it ({@code java -jar}), after {@code package}: ahead-of-time
 * processed ({@code -Dspring.aot.enabled=true}) it serves every family; and plain, with
 * {@code unspec} (which sets IPV6_V6ONLY through libc), the JVM prints no warning.
 */
class DemoJarIT {

	private static final Path JAR = Path.of("target/listener-demo.jar");

	private static final Pattern BOUND = Pattern.compile("Listener 'default' bound to \\S+ (\\S+?):(\\d+)");

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "inet, 127.0.0.1", "inet6, ::1", "unspec, ::1" })
	void aheadOfTimeProcessedDemoServesEveryFamily(String family, String host, @TempDir Path directory)
			throws Exception {
		String output = serveAndEcho(directory, host, List.of("-Dspring.aot.enabled=true"),
				"--listener.family=" + family);
		assertThat(output).contains("Starting AOT-processed DemoApplication");
	}

	@ParameterizedTest(name = "{0} {2}")
	@CsvSource({ "unspec, 127.0.0.1, --listener.engine=blocking", "inet6, ::1, --listener.ipv6-only=true",
			"unspec, ::1, --listener.engine=netty --listener.netty.transport=epoll",
			"inet, 127.0.0.1, --listener.engine=netty --listener.netty.transport=nio" })
	void theJvmPrintsNoWarning(String family, String host, String more, @TempDir Path directory) throws Exception {
		List<String> args = new ArrayList<>(List.of("--listener.family=" + family));
		args.addAll(List.of(more.split(" ")));
		String output = serveAndEcho(directory, host, List.of(), args.toArray(String[]::new));
		assertThat(output.lines().filter((line) -> line.startsWith("WARNING"))).as(output).isEmpty();
	}

	private static String serveAndEcho(Path directory, String host, List<String> jvmArgs, String... args)
			throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.addAll(List.of("-jar", JAR.toString(), "--listener.port=0", "--server.port=0"));
		command.addAll(List.of(args));
		File log = directory.resolve("demo.log").toFile();
		Process demo = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		try {
			await().atMost(Duration.ofSeconds(90))
				.until(() -> read(log).contains("Started DemoApplication") || !demo.isAlive());
			String output = read(log);
			Matcher bound = BOUND.matcher(output);
			assertThat(bound.find()).as(output).isTrue();
			int port = Integer.parseInt(bound.group(2));
			try (Socket client = new Socket()) {
				client.connect(new InetSocketAddress(InetAddress.getByName(host), port), 5000);
				client.setSoTimeout(5000);
				byte[] hello = "hello from the jar".getBytes(StandardCharsets.UTF_8);
				client.getOutputStream().write(hello);
				assertThat(client.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
			}
			return output;
		}
		finally {
			demo.destroy();
			if (!demo.waitFor(30, TimeUnit.SECONDS)) {
				demo.destroyForcibly();
			}
		}
	}

	private static String read(File log) throws IOException {
		return Files.readString(log.toPath());
	}

}
