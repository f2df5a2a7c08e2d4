package dev.listener.actuate;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Platform;
import dev.listener.engine.blocking.BlockingConnections;
import dev.listener.socket.Family;
import dev.listener.socket.Hints;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Protocol;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SocketType;
import dev.listener.socket.SystemAddressResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code getsockopt(TCP_INFO)} on a listen socket's own descriptor: its accept queue and the
 * queue's limit, without a table of the host's sockets.
 */
class TcpInfoAcceptQueuesTests {

	private final TcpInfoAcceptQueues source = new TcpInfoAcceptQueues();

	@BeforeEach
	void linux() {
		assumeTrue(Platform.isLinux(), "TCP_INFO is Linux's");
	}

	@Test
	void aListenerThatDoesNotAcceptHasItsQueueFilledByLoopbackConnects() throws Exception {
		try (Listener listener = open(SocketType.STREAM, Protocol.TCP, 4)) {
			assertThat(this.source.read(listener.sockets().get(0))).isEqualTo(new AcceptQueue(0, 4));
			List<Socket> waiting = new ArrayList<>();
			try {
				// Linux queues one more than the backlog (sk_acceptq_is_full() compares with >)
				for (int i = 0; i < 5; i++) {
					waiting.add(TestListeners.connect(listener));
				}
				await().atMost(Duration.ofSeconds(5))
					.until(() -> new AcceptQueue(5, 4).equals(this.source.read(listener.sockets().get(0))));
				BlockingConnections.accept(listener.sockets().get(0)).close();
				assertThat(this.source.read(listener.sockets().get(0))).isEqualTo(new AcceptQueue(4, 4));
			}
			finally {
				for (Socket client : waiting) {
					client.close();
				}
			}
		}
	}

	@Test
	void theLimitIsTheBacklogAsTheKernelCapsIt() throws Exception {
		try (Listener listener = open(SocketType.STREAM, Protocol.TCP, 1 << 30)) {
			AcceptQueue queue = this.source.read(listener.sockets().get(0));
			assertThat(queue).isNotNull();
			assertThat(queue.limit()).isEqualTo(ProcNetAcceptQueues.limit(1 << 30)).isLessThan(1 << 30);
		}
	}

	@Test
	void aClosedListenerHasNoQueue() throws Exception {
		Listener listener = open(SocketType.STREAM, Protocol.TCP, 4);
		listener.close();
		assertThat(this.source.read(listener.sockets().get(0))).isNull();
	}

	@Test
	void datagramAndUnixSocketsHaveNoTcpAcceptQueue(@TempDir Path directory) throws Exception {
		try (Listener datagrams = open(SocketType.DGRAM, Protocol.UDP, null);
				Listener unix = TestListeners.openUnix("local", directory.resolve("app.sock"))) {
			assertThat(this.source.read(datagrams.sockets().get(0))).isNull();
			assertThat(this.source.read(unix.sockets().get(0))).isNull();
		}
	}

	static Listener open(SocketType type, Protocol protocol, Integer backlog) throws Exception {
		return new SocketOpener(new SystemAddressResolver(), List.of()).open(new ListenerSpec("default",
				new Hints(Family.INET, type, protocol, true), "127.0.0.1", "0",
				new SocketOptions(backlog, true, false, null, null, null)));
	}

}
