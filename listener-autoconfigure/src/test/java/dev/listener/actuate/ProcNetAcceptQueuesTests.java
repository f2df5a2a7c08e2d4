package dev.listener.actuate;

import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.ProcNet;
import dev.listener.socket.Protocol;
import dev.listener.socket.SocketInodes;
import dev.listener.socket.SocketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code /proc/net/tcp} fallback: its tables grow with every socket of the host, so they are
 * read at most once per interval, on a thread of their own, and no caller waits long for them.
 */
class ProcNetAcceptQueuesTests {

	@Test
	void theTablesAreReadAtMostOncePerInterval() throws Exception {
		assumeTrue(ProcNet.available(), "needs Linux's /proc");
		try (Listener listener = TcpInfoAcceptQueuesTests.open(SocketType.STREAM, Protocol.TCP, 4)) {
			ListenSocket socket = listener.sockets().get(0);
			AtomicInteger reads = new AtomicInteger();
			ProcNetAcceptQueues source = new ProcNetAcceptQueues(() -> {
				reads.incrementAndGet();
				return Map.of(inode(socket), 3L);
			}, Duration.ofHours(1), Duration.ofSeconds(5));
			for (int i = 0; i < 20; i++) {
				assertThat(source.read(socket)).isEqualTo(new AcceptQueue(3, -1));
			}
			assertThat(reads).hasValue(1);
		}
	}

	@Test
	@Timeout(30)
	void aSlowReadHoldsNoCallerPastTheWaitAndOnlyOneRunsAtATime() throws Exception {
		assumeTrue(ProcNet.available(), "needs Linux's /proc");
		try (Listener listener = TcpInfoAcceptQueuesTests.open(SocketType.STREAM, Protocol.TCP, 4)) {
			ListenSocket socket = listener.sockets().get(0);
			AtomicInteger reads = new AtomicInteger();
			CountDownLatch release = new CountDownLatch(1);
			ProcNetAcceptQueues source = new ProcNetAcceptQueues(() -> {
				reads.incrementAndGet();
				try {
					release.await(20, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return Map.of(inode(socket), 2L);
			}, Duration.ZERO, Duration.ofMillis(10));
			// each call returns while the read it started is still held: none waits for it
			for (int i = 0; i < 5; i++) {
				assertThat(source.read(socket)).isNull();
			}
			assertThat(release.getCount()).isOne();
			assertThat(reads).hasValue(1);
			release.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> new AcceptQueue(2, -1).equals(source.read(socket)));
		}
	}

	@Test
	void theRealTablesShowTheConnectionsWaiting() throws Exception {
		assumeTrue(ProcNet.available(), "needs Linux's /proc/net socket tables");
		try (Listener listener = TcpInfoAcceptQueuesTests.open(SocketType.STREAM, Protocol.TCP, 4)) {
			ProcNetAcceptQueues source = new ProcNetAcceptQueues(ProcNetAcceptQueues::readTables, Duration.ZERO,
					Duration.ofSeconds(5));
			List<Socket> waiting = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					waiting.add(TestListeners.connect(listener));
				}
				await().atMost(Duration.ofSeconds(5))
					.until(() -> new AcceptQueue(3, -1).equals(source.read(listener.sockets().get(0))));
			}
			finally {
				for (Socket client : waiting) {
					client.close();
				}
			}
			listener.close();
			assertThat(source.read(listener.sockets().get(0))).isNull();
		}
	}

	private static long inode(ListenSocket socket) {
		return SocketInodes.of((ServerSocketChannel) socket.channel()).orElseThrow();
	}

}
