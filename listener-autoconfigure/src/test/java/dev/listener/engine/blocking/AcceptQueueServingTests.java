package dev.listener.engine.blocking;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.listener.actuate.AcceptQueueMetrics;
import dev.listener.engine.ServerSettings;
import dev.listener.engine.Shutdown;
import dev.listener.engine.SocketCounters;
import dev.listener.handler.ConnectionHandler;
import dev.listener.socket.Hints;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.ProcNet;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SystemAddressResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * At {@code connection.max} the listener stops accepting, and the connections beyond it wait in
 * the kernel's accept queue, where the {@code listener.accept.queue} meter shows them.
 */
class AcceptQueueServingTests {

	@Test
	void connectionsBeyondTheMaximumWaitInTheAcceptQueueWhereTheMeterShowsThem() throws Exception {
		assumeTrue(ProcNet.available(), "needs Linux's /proc/net socket tables");
		CountDownLatch release = new CountDownLatch(1);
		ConnectionHandler holding = (connection) -> release.await(30, TimeUnit.SECONDS);
		try (Listener listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", Hints.recipe(), "127.0.0.1", "0", SocketOptions.defaults()))) {
			ServerSettings settings = new ServerSettings(10, null, true, false, Shutdown.IMMEDIATE);
			ListenerServers servers = new ListenerServers(List.of(listener), holding, null, settings,
					(name) -> Executors.newCachedThreadPool());
			MeterRegistry registry = new SimpleMeterRegistry();
			new AcceptQueueMetrics(List.of(listener)).bindTo(registry);
			List<Socket> clients = new ArrayList<>();
			servers.start();
			try {
				for (int i = 0; i < 200; i++) {
					clients.add(new Socket("127.0.0.1", listener.port()));
				}
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(registry.get("listener.accept.queue").gauge().value()).isEqualTo(190));
				assertThat(SocketCounters.of(listener.sockets().get(0)).active()).isEqualTo(10);
				release.countDown();
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(registry.get("listener.accept.queue").gauge().value()).isZero());
				await().atMost(Duration.ofSeconds(20))
					.until(() -> SocketCounters.of(listener.sockets().get(0)).accepted() == 200);
			}
			finally {
				release.countDown();
				for (Socket client : clients) {
					client.close();
				}
				servers.close();
			}
		}
	}

}
