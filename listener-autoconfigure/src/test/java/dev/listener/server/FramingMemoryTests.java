package dev.listener.server;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bound: with {@code framing.type: line} and a 64KB limit, a 10 MB line closes the
 * connection and the server's resident memory grows by less than 1 MB. The server runs in a child
 * JVM whose heap is fixed at 10 MB and touched up front ({@code -Xms} = {@code -Xmx},
 * {@code AlwaysPreTouch}): its RSS moves only with native memory (direct buffers, stacks, code), and
 * the line cannot be buffered on the heap without an OutOfMemoryError, a handler error. It is
 * warmed up with lines at the limit and a line of twice the limit, until its RSS stops moving,
 * before the 10 MB line is sent; a server that buffered more than that line would fail the warm-up.
 */
@EnabledOnOs(OS.LINUX)
class FramingMemoryTests {

	private static final int MAX = FramingMemoryChild.MAX_FRAME_SIZE;

	private static final long ONE_MB = 1024 * 1024;

	/** RSS is settled when a warm-up round moves it by less than this. */
	private static final long SETTLED_KB = 64;

	private static final int MAX_WARM_UP_ROUNDS = 10;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final BlockingQueue<long[]> counters = new LinkedBlockingQueue<>();

	private Process child;

	@AfterEach
	void kill() {
		if (this.child != null) {
			this.child.destroyForcibly();
		}
	}

	@ParameterizedTest(name = "{0} engine")
	@ValueSource(strings = { "blocking", "netty" })
	void aTenMegabyteLineClosesTheConnectionAndGrowsTheServerByLessThanOneMegabyte(String engine) throws Exception {
		int port = startChild(engine);
		long settledKb = warmUp(port);
		long[] before = counters();
		try (EchoClient client = new EchoClient(FramingTests.HOST, port)) {
			Thread writer = writeInBackground(client, 10 * ONE_MB);
			assertThat(FramingTests.readUntilClosed(client)).as("bytes echoed").isZero();
			writer.join(TimeUnit.SECONDS.toMillis(30));
			assertThat(writer.isAlive()).as("still writing to a closed connection").isFalse();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> counters()[1] == before[1] + 1);
		long grownKb = rssKb() - settledKb;
		long[] after = counters();
		assertThat(after[0] - before[0]).as("frames rejected").isEqualTo(1);
		assertThat(after[2]).as("handler errors").isZero();
		assertThat(grownKb * 1024).as("RSS growth in bytes, from %s kB settled", settledKb).isLessThan(ONE_MB);
	}

	/**
	 * Lines at the limit, echoed, then a line over it, until a round no longer moves the RSS (at most
	 * ten rounds).
	 * @return the settled RSS in kB
	 */
	private long warmUp(int port) throws Exception {
		byte[] line = new byte[MAX + 1];
		Arrays.fill(line, (byte) 'a');
		line[MAX] = '\n';
		long previous = Long.MAX_VALUE;
		for (int round = 0; round < MAX_WARM_UP_ROUNDS; round++) {
			try (EchoClient client = new EchoClient(FramingTests.HOST, port)) {
				for (int i = 0; i < 4; i++) {
					client.socket().getOutputStream().write(line);
					assertThat(client.socket().getInputStream().readNBytes(line.length)).isEqualTo(line);
				}
			}
			long limited = counters()[1];
			try (EchoClient client = new EchoClient(FramingTests.HOST, port)) {
				Thread writer = writeInBackground(client, 2L * MAX);
				FramingTests.readUntilClosed(client);
				writer.join(TimeUnit.SECONDS.toMillis(30));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> counters()[1] == limited + 1);
			long rss = rssKb();
			if (round >= 2 && Math.abs(rss - previous) < SETTLED_KB) {
				return rss;
			}
			previous = rss;
		}
		// still moving a little (a busy machine compiling late): the 1 MB bound has room for that
		return previous;
	}

	/** Writes a line of {@code length} bytes without its end, until done or the server closes. */
	private static Thread writeInBackground(EchoClient client, long length) {
		Thread writer = new Thread(() -> {
			byte[] chunk = new byte[MAX];
			Arrays.fill(chunk, (byte) 'b');
			try {
				OutputStream out = client.socket().getOutputStream();
				for (long written = 0; written < length; written += chunk.length) {
					out.write(chunk);
				}
			}
			catch (IOException ex) {
				// the server closed the connection: the point
			}
		}, "framing-memory-writer");
		writer.setDaemon(true);
		writer.start();
		return writer;
	}

	private long rssKb() throws IOException {
		return Files.readAllLines(Path.of("/proc/" + this.child.pid() + "/status"))
			.stream()
			.filter((line) -> line.startsWith("VmRSS:"))
			.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
			.findFirst()
			.orElseThrow();
	}

	/** @return frames rejected, connections closed for a limit, handler errors, from the child */
	private long[] counters() throws Exception {
		this.child.getOutputStream().write('\n');
		this.child.getOutputStream().flush();
		long[] counters = this.counters.poll(5, TimeUnit.SECONDS);
		assertThat(counters).as("counters from the child: %s", this.output).isNotNull();
		return counters;
	}

	private int startChild(String engine) throws IOException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		this.child = new ProcessBuilder(java, "-Xms10m", "-Xmx10m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-cp", classPath, FramingMemoryChild.class.getName(), engine)
			.redirectErrorStream(true)
			.start();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(this.child.getInputStream(), StandardCharsets.UTF_8))) {
				lines.lines().forEach((line) -> {
					this.output.add(line);
					if (line.startsWith("counters=")) {
						this.counters.add(Arrays.stream(line.substring("counters=".length()).split(" "))
							.mapToLong(Long::parseLong)
							.toArray());
					}
				});
			}
			catch (IOException ex) {
				// the child ended
			}
		}, "framing-memory-child-output");
		reader.setDaemon(true);
		reader.start();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.output.stream().anyMatch((line) -> line.startsWith("port=")) || !this.child.isAlive());
		return this.output.stream()
			.filter((line) -> line.startsWith("port="))
			.map((line) -> Integer.parseInt(line.substring("port=".length())))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the child did not start: " + this.output));
	}

}
