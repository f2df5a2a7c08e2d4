package dev.listener.actuate;

import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Platform;

import dev.listener.engine.ServingState;
import dev.listener.engine.ServingStates;
import dev.listener.engine.TestCounters;
import dev.listener.engine.blocking.BlockingConnections;
import dev.listener.handler.Connection;
import dev.listener.socket.Family;
import dev.listener.socket.Hints;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.ProcNet;
import dev.listener.socket.Protocol;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SocketType;
import dev.listener.socket.SystemAddressResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ListenerHealthIndicatorTests {

	private Listener listener;

	@AfterEach
	void close() throws IOException {
		if (this.listener != null) {
			this.listener.close();
		}
	}

	@Test
	void upWhileEverySocketIsOpenWithWhatIsBound() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		Health health = new ListenerHealthIndicator(this.listener, ServingStates.NONE).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("family", "inet")
			.containsEntry("socketType", "stream")
			.containsEntry("protocol", "tcp")
			.containsEntry("passive", true)
			.containsEntry("boundAddresses", List.of("127.0.0.1:" + this.listener.port()))
			.containsEntry("backlog", this.listener.options().backlog())
			.containsEntry("state", "bound")
			.containsEntry("connections", Map.of("accepted", 0L, "active", 0L))
			.doesNotContainKey("reason");
	}

	@Test
	void aFillingAcceptQueueShowsWithTheConfiguredStatus() throws Exception {
		assumeTrue(Platform.isLinux(), "needs Linux's accept queue");
		this.listener = openWithBacklog(4);
		ListenerHealthIndicator indicator = new ListenerHealthIndicator(this.listener, ServingStates.NONE,
				new AcceptQueuePolicy(0.5, Status.OUT_OF_SERVICE));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		List<Socket> waiting = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				waiting.add(TestListeners.connect(this.listener));
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
				assertThat(health.getDetails()).containsEntry("acceptQueue",
						Map.of("length", 3L, "limit", 4L, "source", "tcp_info"));
			});
			for (int i = 0; i < 3; i++) {
				BlockingConnections.accept(this.listener.sockets().get(0)).close();
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).doesNotContainKey("acceptQueue");
			});
		}
		finally {
			for (Socket client : waiting) {
				client.close();
			}
		}
	}

	@Test
	void aFullAcceptQueueIsReadFromTheSocketItselfWithoutReadingTheSocketTables() throws Exception {
		assumeTrue(Platform.isLinux(), "needs Linux's TCP_INFO");
		this.listener = openWithBacklog(4);
		AtomicInteger tableReads = new AtomicInteger();
		ProcNetAcceptQueues tables = new ProcNetAcceptQueues(() -> {
			tableReads.incrementAndGet();
			return Map.of();
		}, Duration.ZERO, Duration.ofSeconds(1));
		ListenerHealthIndicator indicator = new ListenerHealthIndicator(this.listener, ServingStates.NONE,
				new AcceptQueuePolicy(0.8, Status.OUT_OF_SERVICE),
				new PreferredAcceptQueueSource(new TcpInfoAcceptQueues(), tables));
		List<Socket> waiting = new ArrayList<>();
		try {
			// Linux queues one more than the backlog (sk_acceptq_is_full() compares with >)
			for (int i = 0; i < 5; i++) {
				waiting.add(TestListeners.connect(this.listener));
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
				assertThat(health.getDetails()).containsEntry("acceptQueue",
						Map.of("length", 5L, "limit", 4L, "source", "tcp_info"));
			});
			assertThat(tableReads).hasValue(0);
		}
		finally {
			for (Socket client : waiting) {
				client.close();
			}
		}
	}

	@Test
	void whereTcpInfoCannotBeReadTheQueueComesFromTheSocketTablesAndTheDetailsSaySo() throws Exception {
		assumeTrue(ProcNet.available(), "needs Linux's /proc/net socket tables");
		this.listener = openWithBacklog(4);
		ListenerHealthIndicator indicator = new ListenerHealthIndicator(this.listener, ServingStates.NONE,
				new AcceptQueuePolicy(0.5, Status.OUT_OF_SERVICE), new PreferredAcceptQueueSource(new NoTcpInfo(),
						new ProcNetAcceptQueues(ProcNetAcceptQueues::readTables, Duration.ZERO, Duration.ofSeconds(5))));
		List<Socket> waiting = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				waiting.add(TestListeners.connect(this.listener));
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(indicator.health().getDetails())
				.containsEntry("acceptQueue", Map.of("length", 3L, "limit", 4L, "source", "/proc/net/tcp")));
		}
		finally {
			for (Socket client : waiting) {
				client.close();
			}
		}
	}

	@Test
	void aDatagramListenerSpeaksOfDatagramsAndHasNoBacklog() throws Exception {
		this.listener = new SocketOpener(new SystemAddressResolver(), List.of()).open(new ListenerSpec("default",
				new Hints(Family.INET, SocketType.DGRAM, Protocol.UDP, true), "127.0.0.1", "0", SocketOptions.defaults()));
		// what the receive loop counts for each datagram
		TestCounters.of(this.listener.sockets().get(0)).datagramReceived();
		Health health = new ListenerHealthIndicator(this.listener, ServingStates.NONE).health();
		assertThat(health.getDetails()).containsEntry("socketType", "dgram")
			.containsEntry("datagrams", Map.of("received", 1L, "sent", 0L))
			.doesNotContainKey("connections")
			.doesNotContainKey("backlog");
	}

	@Test
	void downNamingTheSocketWhenOneOfTwoIsClosed() throws Exception {
		this.listener = TestListeners.open("default", Family.UNSPEC, null);
		int port = this.listener.port();
		this.listener.sockets().get(1).close();
		Health health = new ListenerHealthIndicator(this.listener, ServingStates.NONE).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("state", "closed")
			.containsEntry("reason", "socket tcp [::]:" + port + " is closed")
			.containsEntry("boundAddresses", List.of("0.0.0.0:" + port, "[::]:" + port));
	}

	@Test
	void unixListenerIsUpWithItsPathAndDownNamingItWhenClosed(@TempDir Path directory) throws Exception {
		Path path = directory.resolve("app.sock");
		this.listener = TestListeners.openUnix("default", path);
		try (SocketChannel client = TestListeners.connectUnix(this.listener);
				Connection connection = BlockingConnections.accept(this.listener.sockets().get(0))) {
			Health health = new ListenerHealthIndicator(this.listener, ServingStates.NONE).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("family", "unix")
				.containsEntry("protocol", "default")
				.containsEntry("boundAddresses", List.of(path.toString()))
				.containsEntry("connections", Map.of("accepted", 1L, "active", 1L));
		}
		this.listener.close();
		Health health = new ListenerHealthIndicator(this.listener, ServingStates.NONE).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "socket unix " + path + " is closed");
	}

	@Test
	void connectionsAreSummedOverTheSockets() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		try (Socket first = TestListeners.connect(this.listener); Socket second = TestListeners.connect(this.listener)) {
			Connection closed = BlockingConnections.accept(this.listener.sockets().get(0));
			Connection open = BlockingConnections.accept(this.listener.sockets().get(0));
			closed.close();
			Health health = new ListenerHealthIndicator(this.listener, ServingStates.NONE).health();
			assertThat(health.getDetails()).containsEntry("connections", Map.of("accepted", 2L, "active", 1L));
			open.close();
		}
	}

	@Test
	void runningAcceptLoopIsServing() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		Health health = new ListenerHealthIndicator(this.listener, (l) -> ServingState.RUNNING).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("state", "serving");
	}

	@Test
	void socketHeldWithoutHandlerIsUpAndSaysSo() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		Health health = new ListenerHealthIndicator(this.listener, (l) -> ServingState.HOLDING).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("state", "holding");
	}

	@Test
	void deadAcceptLoopIsDownWithItsError() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		IOException error = new IOException("Too many open files");
		Health health = new ListenerHealthIndicator(this.listener, (l) -> new ServingState(ServingState.Status.FAILED, error)).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("state", "failed")
			.containsEntry("reason", "accept loop died")
			.containsEntry("error", "java.io.IOException: Too many open files");
	}

	@Test
	void stoppedAcceptLoopIsDown() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		Health health = new ListenerHealthIndicator(this.listener, (l) -> ServingState.STOPPED).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("state", "stopped").containsEntry("reason", "accept loop stopped");
	}

	@Test
	void closedSocketOutranksARunningLoop() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		this.listener.close();
		Health health = new ListenerHealthIndicator(this.listener, (l) -> ServingState.RUNNING).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("state", "closed");
	}

	private static Listener openWithBacklog(int backlog) throws Exception {
		return new SocketOpener(new SystemAddressResolver(), List.of()).open(new ListenerSpec("default",
				Hints.recipe(), "127.0.0.1", "0", new SocketOptions(backlog, true, false, null, null, null)));
	}

}
