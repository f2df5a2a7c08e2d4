package dev.listener.engine.blocking;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A real EMFILE: a child JVM serves, the test lowers its file limit with prlimit below the next
 * free descriptor, connects, and raises the limit again. The accept loop must back off (10, 20,
 * 40, 80 ms, ... up to 1 s: a handful of failures, where a spinning loop makes thousands), count
 * them as EMFILE, and serve the waiting connection once descriptors are back.
 */
@EnabledOnOs(OS.LINUX)
public class EmfileTests {

	private static final String PRLIMIT = "/usr/bin/prlimit";

	private ChildServer child;

	@AfterEach
	void kill() {
		if (this.child != null) {
			this.child.close();
		}
	}

	@Test
	void emfileBacksOffIsCountedAndRecovers() throws Exception {
		assumeThat(new File(PRLIMIT).canExecute()).as("prlimit (util-linux) installed").isTrue();
		int port = startChild();
		try (EchoClient warmUp = new EchoClient("127.0.0.1", port)) {
			assertThat(readLine(warmUp)).isEqualTo("emfile=0");
			assertThat(warmUp.roundTrip("warm")).isEqualTo("warm");
			assertThat(emfileCount()).isZero();
			long pid = this.child.pid();
			String softLimit = softFileLimit(pid);
			// a blocked accept() may hold the lowest free descriptor already: it takes one more
			// connection, then fails at once (accept() fails without descriptors, pending or not)
			prlimit(pid, (lowestFreeDescriptor(pid) + descriptorsForTheLastConnection()) + ":");
			try (EchoClient lastOne = new EchoClient("127.0.0.1", port)) {
				int before = Integer.parseInt(readLine(lastOne).substring("emfile=".length()));
				try (EchoClient waiting = new EchoClient("127.0.0.1", port)) {
					await().atMost(Duration.ofSeconds(20)).until(() -> emfileCount() >= before + 5);
					prlimit(pid, softLimit + ":");
					int counted = Integer.parseInt(readLine(waiting).substring("emfile=".length()));
					assertThat(counted - before).as("EMFILE failures, backing off").isBetween(5, 20);
					assertThat(waiting.roundTrip("served after EMFILE")).isEqualTo("served after EMFILE");
				}
			}
		}
		assertThat(this.child.isAlive()).isTrue();
	}

	/** @return the arguments of {@link EmfileChild}, naming the engine */
	protected List<String> childArguments() {
		return List.of();
	}

	/**
	 * @return how many descriptors the last connection accepted before EMFILE needs beyond the lowest
	 * free one: none where a blocked accept() holds it already
	 */
	protected int descriptorsForTheLastConnection() {
		return 0;
	}

	/** Asks the child for its EMFILE count. */
	private int emfileCount() throws Exception {
		return Integer.parseInt(this.child.ask());
	}

	private int startChild() throws IOException {
		List<String> options = List.of("-Xmx64m", "-XX:TieredStopAtLevel=1");
		this.child = ChildServer.start(options, EmfileChild.class, childArguments(), "count=");
		return this.child.port();
	}

	/** accept() takes the lowest free descriptor: a soft limit equal to it makes accept() fail. */
	private static int lowestFreeDescriptor(long pid) throws IOException {
		Set<Integer> used;
		try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
			used = fds.map((fd) -> Integer.parseInt(fd.getFileName().toString())).collect(Collectors.toSet());
		}
		int free = 0;
		while (used.contains(free)) {
			free++;
		}
		return free;
	}

	private static String softFileLimit(long pid) throws IOException {
		return Files.readAllLines(Path.of("/proc/" + pid + "/limits"))
			.stream()
			.filter((line) -> line.startsWith("Max open files"))
			.map((line) -> line.substring("Max open files".length()).trim().split("\\s+")[0])
			.findFirst()
			.orElseThrow();
	}

	private static void prlimit(long pid, String nofile) throws Exception {
		Process prlimit = new ProcessBuilder(PRLIMIT, "--pid", String.valueOf(pid), "--nofile=" + nofile)
			.redirectErrorStream(true)
			.start();
		assertThat(prlimit.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(prlimit.exitValue()).as(new String(prlimit.getInputStream().readAllBytes())).isZero();
	}

	private static String readLine(EchoClient client) throws IOException {
		StringBuilder line = new StringBuilder();
		int next;
		while ((next = client.read()) != '\n') {
			if (next < 0) {
				throw new IOException("End of stream after " + line);
			}
			line.append((char) next);
		}
		return line.toString();
	}

}
