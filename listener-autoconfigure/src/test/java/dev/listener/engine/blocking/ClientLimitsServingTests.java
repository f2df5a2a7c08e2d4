package dev.listener.engine.blocking;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.listener.actuate.ClientLimitsMetrics;
import dev.listener.actuate.ListenersEndpoint;
import dev.listener.engine.ServingStates;
import dev.listener.engine.SocketCounters;
import dev.listener.pipeline.ClientLimits;
import dev.listener.pipeline.ClientLimitsByListener;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Family;
import dev.listener.socket.Listener;
import dev.listener.socket.ProcNet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.listener.engine.blocking.PipelineClients.assertRejected;
import static dev.listener.engine.blocking.PipelineClients.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code listener.limits.*} on real loopback sockets: clients connect from 127.0.0.2, 127.0.0.3
 * and so on (Linux routes all of 127/8 on lo), directly or behind the PROXY protocol; the subclass
 * runs the same tests on the Netty engine.
 */
@ExtendWith(OutputCaptureExtension.class)
public class ClientLimitsServingTests {

	private static final String HAPROXY = "/usr/sbin/haproxy";

	private final List<Socket> sockets = new ArrayList<>();

	private Process haproxy;

	@TempDir
	Path temp;

	@AfterEach
	void close() throws Exception {
		closeClients();
		if (this.haproxy != null) {
			this.haproxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** @return the runner of the engine under test, on 127.0.0.1 port 0 */
	protected ApplicationContextRunner runner() {
		return TestHandlers.runner().withPropertyValues("listener.host=127.0.0.1");
	}

	/** @return the handlers of the engine under test */
	protected TestHandlers handlers() {
		return TestHandlers.BLOCKING;
	}

	private ApplicationContextRunner echo(String... properties) {
		return handlers().echo(runner(), "echo").withPropertyValues(properties);
	}

	/** Runs a test, closing its clients before the context, whose graceful stop would wait for them. */
	private void run(ApplicationContextRunner runner, ContextConsumer<AssertableApplicationContext> test) {
		runner.run((context) -> {
			try {
				test.accept(context);
			}
			finally {
				closeClients();
			}
		});
	}

	@Test
	void fiftyConnectionsFromOneClientLeaveTenServedAndTheRestRefusedWhileAnotherIsServedAtOnce(
			CapturedOutput output) {
		run(echo("listener.limits.per-client.max-connections=10"), (context) -> {
			Listener listener = context.getBean(Listener.class);
			List<Socket> fromOne = open(50, "127.0.0.2", listener.port());
			SocketCounters counters = SocketCounters.of(listener.sockets().get(0));
			await().untilAsserted(() -> assertThat(counters.rejected(RejectReason.CLIENT_CONNECTIONS)).isEqualTo(40));
			Socket other = open(1, "127.0.0.3", listener.port()).get(0);
			assertThat(served(other)).as("another client, with the first at its limit").isTrue();
			assertThat(fromOne.stream().filter(ClientLimitsServingTests::served).count()).isEqualTo(10);
			assertRejected(listener, RejectReason.CLIENT_CONNECTIONS, "client-connections", 40);
			ClientLimits limits = context.getBean(ClientLimitsByListener.class).of("default");
			assertThat(exceeded(context, "client-connections")).isEqualTo(40);
			assertThat(new ListenersEndpoint(List.of(listener), ServingStates.NONE,
					context.getBean(ClientLimitsByListener.class))
				.listener("default")
				.limits()
				.topClients()).first().isEqualTo(new ClientLimits.Client("127.0.0.2", 10, 0));
			// its connections closed, the client may open as many again
			for (Socket socket : fromOne) {
				socket.close();
			}
			await().untilAsserted(() -> assertThat(counters.active()).isEqualTo(1));
			assertThat(open(10, "127.0.0.2", listener.port())).allMatch(ClientLimitsServingTests::served);
			assertThat(limits.clients()).isEqualTo(2);
			assertThat(output).contains("per client 10 connections");
		});
	}

	@Test
	void aClientReconnectingInALoopOverItsRateIsRefusedAndCountedWhileOthersAreNot() {
		run(echo("listener.limits.per-client.max-new-connections=5", "listener.limits.per-client.window=1m"),
				(context) -> {
			Listener listener = context.getBean(Listener.class);
			int served = 0;
			for (int i = 0; i < 20; i++) {
				try (Socket socket = connect("127.0.0.2", "127.0.0.1", listener.port())) {
					served += served(socket) ? 1 : 0;
				}
			}
			assertThat(served).isEqualTo(5);
			try (Socket other = connect("127.0.0.3", "127.0.0.1", listener.port())) {
				assertThat(served(other)).isTrue();
			}
			SocketCounters counters = SocketCounters.of(listener.sockets().get(0));
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(21));
			assertRejected(listener, RejectReason.CLIENT_RATE, "client-rate", 15);
			assertThat(exceeded(context, "client-rate")).isEqualTo(15);
		});
	}

	@Test
	void overTheWholeListenersAcceptRateTheRestWaitsInTheBacklogAndIsServedLater() {
		run(echo("listener.limits.max-accept-rate=10"), (context) -> {
			Listener listener = context.getBean(Listener.class);
			long start = System.nanoTime();
			// every connect() returns at once: the kernel completes them into the listen backlog
			List<Socket> clients = open(30, "127.0.0.2", listener.port());
			for (Socket client : clients) {
				assertThat(served(client)).isTrue();
			}
			// 10 at once, then 10 a second: the last is accepted 2 s on, however fast the machine
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1500));
			SocketCounters counters = SocketCounters.of(listener.sockets().get(0));
			assertThat(counters.accepted()).isEqualTo(30);
			for (RejectReason reason : RejectReason.values()) {
				assertThat(counters.rejected(reason)).as(reason.name()).isZero();
			}
			assertThat(context.getBean(ClientLimitsByListener.class).of("default").acceptPauses()).isPositive();
		});
	}

	@Test
	void dryRunRefusesNothingAndCountsWhatItWouldRefuse(CapturedOutput output) {
		run(echo("listener.limits.per-client.max-connections=10", "listener.limits.dry-run=true"), (context) -> {
			Listener listener = context.getBean(Listener.class);
			List<Socket> clients = open(50, "127.0.0.2", listener.port());
			assertThat(clients).allMatch(ClientLimitsServingTests::served);
			SocketCounters counters = SocketCounters.of(listener.sockets().get(0));
			assertThat(counters.rejected(RejectReason.CLIENT_CONNECTIONS)).isZero();
			assertThat(exceeded(context, "client-connections")).isEqualTo(40);
			assertThat(output).contains("per client 10 connections (dry-run)").doesNotContain("127.0.0.2");
		});
	}

	@Test
	void behindTheProxyProtocolTheLimitAppliesToTheHeadersClient() {
		run(echo("listener.limits.per-client.max-connections=2", "listener.proxy-protocol.mode=required",
				"listener.proxy-protocol.trusted=127.0.0.1"), (context) -> {
			Listener listener = context.getBean(Listener.class);
			// every connection comes from the balancer, 127.0.0.1: only the headers' clients count
			List<Socket> first = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				first.add(proxied(listener.port(), new byte[] { (byte) 192, 0, 2, 9 }));
			}
			Socket second = proxied(listener.port(), new byte[] { (byte) 192, 0, 2, 10 });
			// the headers are read on each connection's own thread: which two are served is not fixed
			List<Socket> served = first.stream().filter(ClientLimitsServingTests::served).toList();
			assertThat(served).hasSize(2);
			assertThat(served(second)).isTrue();
			await().untilAsserted(() -> assertRejected(listener, RejectReason.CLIENT_CONNECTIONS, "client-connections", 1));
			// one of its served connections closed, the client may open another
			served.get(0).close();
			await().untilAsserted(
					() -> assertThat(context.getBean(ClientLimitsByListener.class).of("default").top())
						.contains(new ClientLimits.Client("192.0.2.9", 1, 0)));
			assertThat(served(proxied(listener.port(), new byte[] { (byte) 192, 0, 2, 9 }))).isTrue();
		});
	}

	@Test
	void behindHaproxyTheLimitAppliesToTheClientItsHeaderNames() {
		run(echo("listener.limits.per-client.max-connections=3", "listener.proxy-protocol.mode=required",
				"listener.proxy-protocol.trusted=127.0.0.1"), (context) -> {
			Listener listener = context.getBean(Listener.class);
			int frontend = startHaproxy(listener.port());
			List<Socket> fromOne = open(5, "127.0.0.3", frontend);
			assertThat(fromOne.stream().filter(ClientLimitsServingTests::served).count()).isEqualTo(3);
			Socket other = open(1, "127.0.0.4", frontend).get(0);
			assertThat(served(other)).isTrue();
			// haproxy may pass the close on to its client before the listener has counted the refusal
			await().untilAsserted(() -> assertRejected(listener, RejectReason.CLIENT_CONNECTIONS, "client-connections", 2));
			assertThat(context.getBean(ClientLimitsByListener.class).of("default").top())
				.extracting(ClientLimits.Client::client)
				.containsExactly("127.0.0.3", "127.0.0.4");
		});
	}

	private void closeClients() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	/** Opens connections from one address, kept open until the test ends. */
	private List<Socket> open(int count, String from, int port) throws IOException {
		List<Socket> opened = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Socket socket = connect(from, "127.0.0.1", port);
			this.sockets.add(socket);
			opened.add(socket);
		}
		return opened;
	}

	/** A connection from the balancer 127.0.0.1 whose v2 PROXY header names a client. */
	private Socket proxied(int port, byte[] client) throws IOException {
		Socket socket = connect("127.0.0.1", "127.0.0.1", port);
		this.sockets.add(socket);
		ByteBuffer header = ByteBuffer.allocate(28)
			.put(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A })
			.put((byte) 0x21)
			.put((byte) 0x11)
			.putShort((short) 12)
			.put(client)
			.put(new byte[] { 127, 0, 0, 1 })
			.putShort((short) 40001)
			.putShort((short) 443);
		socket.getOutputStream().write(header.array());
		return socket;
	}

	/**
	 * Whether the connection is served: a byte sent comes back, where a refused connection is
	 * closed (an end of stream, or a reset when it had unread bytes).
	 */
	private static boolean served(Socket socket) {
		try {
			socket.getOutputStream().write('x');
			InputStream in = socket.getInputStream();
			int read = in.read();
			if (read == 'x') {
				return true;
			}
			assertThat(read).as("a refused connection's end").isEqualTo(-1);
			return false;
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("Neither served nor closed within the read timeout", ex);
		}
		catch (SocketException ex) {
			assertThat(ex.getMessage()).containsAnyOf("Connection reset", "Broken pipe");
			return false;
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private static double exceeded(AssertableApplicationContext context, String reason) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ClientLimitsMetrics(List.of(context.getBean(Listener.class)), context.getBean(ClientLimitsByListener.class))
			.bindTo(registry);
		return registry.get("listener.limits.exceeded").tag("listener", "default").tag("reason", reason)
			.functionCounter()
			.count();
	}

	/** Debian's HAProxy in front of the listener, sending a v2 header on each connection. */
	private int startHaproxy(int listenerPort) throws Exception {
		Assumptions.assumeTrue(new File(HAPROXY).canExecute(),
				() -> "Skipped: " + HAPROXY + " is not installed (apt-get install haproxy; .ci/run does)");
		Assumptions.assumeTrue(ProcNet.available(), "Skipped: needs Linux's /proc/net socket tables");
		int frontend;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			frontend = socket.getLocalPort();
		}
		Path config = this.temp.resolve("haproxy.cfg");
		Files.writeString(config, String.join("\n", "global", "  maxconn 100", "defaults", "  mode tcp",
				"  retries 0", "  timeout connect 5s", "  timeout client 10s", "  timeout server 10s",
				"frontend clients", "  bind 127.0.0.1:" + frontend, "  default_backend listener", "backend listener",
				"  server listener 127.0.0.1:" + listenerPort + " send-proxy-v2", ""));
		Path log = this.temp.resolve("haproxy.log");
		this.haproxy = new ProcessBuilder(HAPROXY, "-f", config.toString(), "-db").redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			assertThat(this.haproxy.isAlive()).as(() -> "haproxy: " + read(log)).isTrue();
			assertThat(ProcNet.tcpListeners(frontend)).contains(Family.INET);
		});
		return frontend;
	}

	private static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

}
