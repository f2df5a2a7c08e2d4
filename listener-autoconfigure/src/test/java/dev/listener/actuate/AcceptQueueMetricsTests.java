package dev.listener.actuate;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernel's accept queue as meters: connections nobody accepts wait there, and leave it when
 * accepted.
 */
class AcceptQueueMetricsTests {

	@Test
	void connectionsWaitingForAcceptAreCountedAndLeaveWhenAccepted() throws Exception {
		assumeTrue(ProcNet.available(), "needs Linux's /proc/net socket tables");
		try (Listener listener = open(SocketType.STREAM, Protocol.TCP, 37)) {
			MeterRegistry registry = new SimpleMeterRegistry();
			new AcceptQueueMetrics(List.of(listener)).bindTo(registry);
			assertThat(gauge(registry, "listener.accept.queue.limit")).isEqualTo(37.0);
			assertThat(gauge(registry, "listener.accept.queue")).isZero();
			List<Socket> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					clients.add(TestListeners.connect(listener));
				}
				await().atMost(Duration.ofSeconds(5)).until(() -> gauge(registry, "listener.accept.queue") == 3.0);
				for (int i = 0; i < 3; i++) {
					try (Connection connection = BlockingConnections.accept(listener.sockets().get(0))) {
						assertThat(connection).isNotNull();
					}
				}
				await().atMost(Duration.ofSeconds(5)).until(() -> gauge(registry, "listener.accept.queue") == 0.0);
			}
			finally {
				for (Socket client : clients) {
					client.close();
				}
			}
			assertThat(registry.get("listener.accept.overflows").tag("scope", "host").functionCounter().count())
				.isNotNaN()
				.isGreaterThanOrEqualTo(0);
			assertThat(registry.get("listener.accept.queue").meter().getId().getTag("listener")).isEqualTo("default");
		}
	}

	@Test
	@Timeout(30)
	void theFallbackBindsTheMetersWhileItsFirstReadingIsStillUnderWay() throws Exception {
		assumeTrue(ProcNet.available(), "needs Linux's /proc/net socket tables");
		CountDownLatch release = new CountDownLatch(1);
		ProcNetAcceptQueues slowTables = new ProcNetAcceptQueues(() -> {
			try {
				release.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return ProcNetAcceptQueues.readTables();
		}, Duration.ofSeconds(1), Duration.ofMillis(10));
		try (Listener listener = open(SocketType.STREAM, Protocol.TCP, 37)) {
			MeterRegistry registry = new SimpleMeterRegistry();
			new AcceptQueueMetrics(List.of(listener), new PreferredAcceptQueueSource(new NoTcpInfo(), slowTables))
				.bindTo(registry);
			assertThat(gauge(registry, "listener.accept.queue.limit")).isEqualTo(37.0);
			assertThat(gauge(registry, "listener.accept.queue")).isNaN();
			release.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> gauge(registry, "listener.accept.queue") == 0.0);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void unixSocketsHaveNoAcceptQueueMeters(@TempDir Path directory) throws Exception {
		try (Listener listener = TestListeners.openUnix("local", directory.resolve("app.sock"))) {
			MeterRegistry registry = new SimpleMeterRegistry();
			new AcceptQueueMetrics(List.of(listener)).bindTo(registry);
			assertThat(registry.getMeters()).isEmpty();
		}
	}

	@Test
	void datagramSocketsHaveNoAcceptQueue() throws Exception {
		try (Listener listener = open(SocketType.DGRAM, Protocol.UDP, null)) {
			MeterRegistry registry = new SimpleMeterRegistry();
			new AcceptQueueMetrics(List.of(listener)).bindTo(registry);
			assertThat(registry.find("listener.accept.queue").meters()).isEmpty();
			assertThat(registry.find("listener.accept.overflows").meters()).isEmpty();
		}
	}

	private static Listener open(SocketType type, Protocol protocol, @Nullable Integer backlog) throws Exception {
		return new SocketOpener(new SystemAddressResolver(), List.of()).open(new ListenerSpec("default",
				new Hints(Family.INET, type, protocol, true), "127.0.0.1", "0",
				new SocketOptions(backlog, true, false, null, null, null)));
	}

	private static double gauge(MeterRegistry registry, String name) {
		return registry.get(name).gauge().value();
	}

}
