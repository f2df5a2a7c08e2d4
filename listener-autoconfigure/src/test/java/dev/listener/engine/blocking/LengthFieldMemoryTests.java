package dev.listener.engine.blocking;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The frame bomb: with {@code framing.type: length-field} and a 64 MB limit, 1,000
 * connections that each announce a 64 MB frame and send one byte of it leave the server's heap
 * growth under 32 MB: a frame's buffer grows with the bytes that arrive, never to the announced
 * length up front (the blocking engine reserved 64 GB for them before). The server, a message
 * handler's echo, runs in a child JVM with a 256 MB heap, measured after a GC; a reservation of the
 * announced length fails it there with an OutOfMemoryError, counted as a handler error.
 */
class LengthFieldMemoryTests {

	private static final int CONNECTIONS = 1000;

	private static final long LIMIT_BYTES = 32L * 1024 * 1024;

	private ChildServer child;

	private final List<SocketChannel> clients = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (SocketChannel client : this.clients) {
			client.close();
		}
		if (this.child != null) {
			this.child.close();
		}
	}

	@ParameterizedTest(name = "{0} engine")
	@ValueSource(strings = { "blocking", "netty" })
	void aThousandAnnouncedSixtyFourMegabyteFramesGrowTheHeapByLessThanThirtyTwoMegabytes(String engine)
			throws Exception {
		this.child = ChildServer.start(List.of("-Xms256m", "-Xmx256m", "-Xss256k", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1"), MessageMemoryChild.class, List.of("length-field", engine), "memory=");
		int port = this.child.port();
		long before = memory()[0];
		ByteBuffer bomb = ByteBuffer.allocate(5).putInt(MessageMemoryChild.MAX_FRAME_SIZE).put((byte) 'x');
		for (int i = 0; i < CONNECTIONS; i++) {
			SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
			this.clients.add(client);
			client.connect(new InetSocketAddress("127.0.0.1", port));
			client.write(bomb.flip());
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> memory()[2] == 5L * CONNECTIONS);
		long[] after = memory();
		assertThat(after[3]).as("accepted").isEqualTo(CONNECTIONS);
		assertThat(after[4]).as("closed").isZero();
		assertThat(after[5]).as("handler errors").isZero();
		assertThat(after[0] - before).as("heap growth in bytes, from %s", before).isLessThan(LIMIT_BYTES);
	}

	/** @return heap in use after a GC, Netty's direct memory in use, bytes received, accepted, closed, handler errors */
	private long[] memory() throws Exception {
		return Arrays.stream(this.child.ask().split(" ")).mapToLong(Long::parseLong).toArray();
	}

}
