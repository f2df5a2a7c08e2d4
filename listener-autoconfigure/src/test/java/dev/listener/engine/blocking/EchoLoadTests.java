package dev.listener.engine.blocking;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.listener.engine.ServerSettings;
import dev.listener.engine.SocketCounters;
import dev.listener.socket.Hints;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SystemAddressResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded loopback echo load: 16 connections, 2000 round trips of 64 bytes each. It checks every
 * byte and every count; the rate is printed for information, never asserted.
 */
class EchoLoadTests {

	private static final int CONNECTIONS = 16;

	private static final int ROUND_TRIPS = 2000;

	private static final int SIZE = 64;

	@Test
	void sixteenConnectionsEchoEveryByteAndCountIt() throws Exception {
		Listener listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", Hints.recipe(), "127.0.0.1", "0", SocketOptions.defaults()));
		ListenerServers servers = new ListenerServers(List.of(listener), EchoClient.ECHO, null,
				ServerSettings.defaults(), (name) -> Executors.newFixedThreadPool(CONNECTIONS));
		ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
		try {
			servers.start();
			long start = System.nanoTime();
			List<Future<Integer>> results = new ArrayList<>();
			for (int c = 0; c < CONNECTIONS; c++) {
				byte fill = (byte) c;
				results.add(clients.submit(() -> roundTrips(listener.port(), fill)));
			}
			for (Future<Integer> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(ROUND_TRIPS);
			}
			long nanos = System.nanoTime() - start;
			long total = (long) CONNECTIONS * ROUND_TRIPS;
			SocketCounters counters = SocketCounters.of(listener.sockets().get(0));
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(CONNECTIONS));
			assertThat(counters.bytesReceived()).isEqualTo(total * SIZE);
			assertThat(counters.bytesSent()).isEqualTo(total * SIZE);
			assertThat(counters.handlerErrors()).isZero();
			System.out.printf("echo load: %d connections x %d round trips of %d bytes: %.0f round trips/s%n",
					CONNECTIONS, ROUND_TRIPS, SIZE, total / (nanos / 1e9));
		}
		finally {
			clients.shutdownNow();
			servers.close();
			listener.close();
		}
	}

	private static int roundTrips(int port, byte fill) throws Exception {
		byte[] request = new byte[SIZE];
		Arrays.fill(request, fill);
		int done = 0;
		try (EchoClient client = new EchoClient("127.0.0.1", port)) {
			client.socket().setTcpNoDelay(true);
			OutputStream out = client.socket().getOutputStream();
			InputStream in = client.socket().getInputStream();
			for (int i = 0; i < ROUND_TRIPS; i++) {
				out.write(request);
				byte[] reply = in.readNBytes(SIZE);
				if (!Arrays.equals(reply, request)) {
					throw new AssertionError("round trip " + i + " of connection " + fill + " got " + Arrays.toString(reply));
				}
				done++;
			}
		}
		return done;
	}

}
