package dev.listener.engine.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backpressure for a message handler on every engine: a client that sends lines and never reads
 * the 64 KB reply each line gets stops being read from, so the server's memory stays bounded (here
 * a child JVM with a 64 MB heap and 32 MB of direct memory, which a server that went on reading
 * would exhaust: the lines sent ask for gigabytes of replies), and another client is served
 * meanwhile.
 */
class MessageBackpressureTests {

	/** What the client that never reads tries to send: 32 MB of two-byte lines, 1 TB of replies. */
	private static final long SENT = 32L * 1024 * 1024;

	private static final long LIMIT_BYTES = 16L * 1024 * 1024;

	private ChildServer child;

	private Socket stalled;

	@AfterEach
	void close() throws IOException {
		if (this.stalled != null) {
			this.stalled.close();
		}
		if (this.child != null) {
			this.child.close();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "blocking", "netty", "netty-blocking" })
	void aClientThatNeverReadsIsNoLongerReadFromAndOthersAreServed(String engine) throws Exception {
		this.child = ChildServer.start(List.of("-Xms64m", "-Xmx64m", "-XX:MaxDirectMemorySize=32m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1"), MessageMemoryChild.class, List.of("amplifier", engine), "memory=");
		int port = this.child.port();
		long heapBefore = memory()[0];
		this.stalled = new Socket();
		this.stalled.setReceiveBufferSize(65536);
		this.stalled.connect(new InetSocketAddress("127.0.0.1", port));
		AtomicLong written = new AtomicLong();
		Thread writer = new Thread(() -> writeLines(this.stalled, written), "never-reads");
		writer.setDaemon(true);
		writer.start();
		// the server stops reading: what it has received stops growing
		long[] settled = { -1 };
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
			long received = memory()[2];
			boolean still = received > 0 && received == settled[0];
			settled[0] = received;
			return still;
		});
		assertThat(written.get()).as("bytes the client got written").isLessThan(SENT);
		try (Socket other = new Socket("127.0.0.1", port)) {
			other.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
			other.getOutputStream().write("hi\n".getBytes());
			InputStream in = other.getInputStream();
			assertThat(in.readNBytes(MessageMemoryChild.REPLY_SIZE + 1)).hasSize(MessageMemoryChild.REPLY_SIZE + 1);
		}
		long[] after = memory();
		assertThat(after[5]).as("handler errors").isZero();
		assertThat(after[4]).as("closed: the other client only").isLessThanOrEqualTo(1);
		assertThat(after[0] - heapBefore).as("heap growth in bytes, from %s", heapBefore).isLessThan(LIMIT_BYTES);
		assertThat(after[1]).as("Netty's direct memory in use").isLessThan(LIMIT_BYTES);
		assertThat(writer.isAlive()).as("the client is still blocked writing").isTrue();
	}

	private static void writeLines(Socket socket, AtomicLong written) {
		byte[] lines = new byte[8192];
		for (int i = 0; i < lines.length; i += 2) {
			lines[i] = 'x';
			lines[i + 1] = '\n';
		}
		try {
			OutputStream out = socket.getOutputStream();
			while (written.get() < SENT) {
				out.write(lines);
				written.addAndGet(lines.length);
			}
		}
		catch (IOException ex) {
			// closed at the end of the test
		}
	}

	/** @return heap in use after a GC, Netty's direct memory in use, bytes received, accepted, closed, handler errors */
	private long[] memory() throws Exception {
		return Arrays.stream(this.child.ask().split(" ")).mapToLong(Long::parseLong).toArray();
	}

}
