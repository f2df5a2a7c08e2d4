package dev.listener.engine.blocking;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import dev.listener.engine.CloseReason;
import dev.listener.engine.SocketCounters;
import dev.listener.handler.ConnectionHandler;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Addresses;
import dev.listener.socket.Family;
import dev.listener.socket.Listener;
import dev.listener.socket.ProcNet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.listener.engine.blocking.AccessTests.roundTrip;
import static dev.listener.engine.blocking.PipelineClients.assertRejected;
import static dev.listener.engine.blocking.PipelineClients.connect;
import static dev.listener.engine.blocking.PipelineClients.readUntilClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The PROXY protocol on real loopback sockets: headers from a real HAProxy (Debian's, started per
 * test) and hand-made ones (split, malformed, late, oversized); the subclass runs them on the Netty
 * engine. Handlers record "client via peer" for each connection they serve.
 */
public class ProxyProtocolTests {

	private static final String HAPROXY = "/usr/sbin/haproxy";

	private static final String CLIENT_V1 = "PROXY TCP4 192.0.2.7 127.0.0.1 40000 443\r\n";

	private final Queue<String> seen = new ConcurrentLinkedQueue<>();

	private Process haproxy;

	@TempDir
	Path temp;

	@AfterEach
	void stopHaproxy() throws InterruptedException {
		if (this.haproxy != null) {
			this.haproxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** @return the runner of the engine under test, on 127.0.0.1 port 0 */
	protected ApplicationContextRunner runner() {
		return TestHandlers.runner().withPropertyValues("listener.host=127.0.0.1");
	}

	/**
	 * Adds the engine's handler that records "client via peer" into {@code seen}, then echoes.
	 */
	protected ApplicationContextRunner addressEcho(ApplicationContextRunner runner, Queue<String> seen) {
		ConnectionHandler handler = (connection) -> {
			seen.add(Addresses.format(connection.remoteAddress()) + " via "
					+ ((InetSocketAddress) connection.peerAddress()).getAddress().getHostAddress());
			EchoClient.echo(connection);
		};
		return runner.withBean(ConnectionHandler.class, () -> handler);
	}

	private ApplicationContextRunner proxied(String mode, String trusted) {
		return addressEcho(runner(), this.seen).withPropertyValues("listener.proxy-protocol.mode=" + mode,
				"listener.proxy-protocol.trusted=" + trusted, "listener.proxy-protocol.timeout=1s");
	}

	@Test
	void headersFromHaproxyV1AndV2GiveTheHandlerTheOriginalClient() {
		proxied("required", "127.0.0.1/32").run((context) -> {
			int[] frontends = startHaproxy(port(context));
			for (int frontend : frontends) {
				try (Socket client = connect("127.0.0.3", "127.0.0.1", frontend)) {
					assertThat(roundTrip(client, "through haproxy")).isEqualTo("through haproxy");
					assertThat(this.seen.poll()).isEqualTo("127.0.0.3:" + client.getLocalPort() + " via 127.0.0.1");
				}
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(2));
			assertThat(counters.rejected(RejectReason.PROXY_UNTRUSTED)).isZero();
			assertThat(counters.rejected(RejectReason.PROXY_MALFORMED)).isZero();
		});
	}

	@Test
	void theSameHeadersFromAnUntrustedBalancerAreRefused() {
		proxied("required", "10.0.0.0/8").run((context) -> {
			int[] frontends = startHaproxy(port(context));
			for (int frontend : frontends) {
				try (Socket client = connect("127.0.0.3", "127.0.0.1", frontend)) {
					client.getOutputStream().write("refused".getBytes(StandardCharsets.UTF_8));
					assertThat(readUntilClosed(client)).isZero();
				}
			}
			await().untilAsserted(
					() -> assertThat(counters(context).rejected(RejectReason.PROXY_UNTRUSTED)).isEqualTo(2));
			assertRejected(listener(context), RejectReason.PROXY_UNTRUSTED, "proxy-untrusted", 2);
			assertThat(this.seen).isEmpty();
		});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "v1", "v2" })
	void aHeaderSplitAcrossOneByteWritesIsParsed(String version) {
		byte[] header = version.equals("v1") ? CLIENT_V1.getBytes(StandardCharsets.US_ASCII) : v2Client();
		proxied("required", "127.0.0.1").run((context) -> {
			try (Socket client = connect("127.0.0.1", "127.0.0.1", port(context))) {
				client.setTcpNoDelay(true);
				OutputStream out = client.getOutputStream();
				for (byte b : header) {
					out.write(b);
					out.flush();
					// paced, so that the header arrives in many segments
					Thread.sleep(2);
				}
				assertThat(roundTrip(client, "whole")).isEqualTo("whole");
			}
			assertThat(this.seen).containsExactly(version.equals("v1") ? "192.0.2.7:40000 via 127.0.0.1"
					: "192.0.2.9:40001 via 127.0.0.1");
		});
	}

	@Test
	void aHeaderStillArrivingIsNotClosedAsIdle() {
		proxied("required", "127.0.0.1").withPropertyValues("listener.connection.idle-timeout=1s",
				"listener.proxy-protocol.timeout=10s")
			.run((context) -> {
				try (Socket client = connect("127.0.0.1", "127.0.0.1", port(context))) {
					client.setTcpNoDelay(true);
					OutputStream out = client.getOutputStream();
					// a byte every 50 ms: never idle for a second, though the header takes over two
					for (byte b : CLIENT_V1.getBytes(StandardCharsets.US_ASCII)) {
						out.write(b);
						out.flush();
						Thread.sleep(50);
					}
					assertThat(roundTrip(client, "not idle")).isEqualTo("not idle");
				}
				assertThat(this.seen).containsExactly("192.0.2.7:40000 via 127.0.0.1");
				assertThat(counters(context).closed(CloseReason.IDLE)).isZero();
			});
	}

	@Test
	void bytesAfterTheHeaderInTheSameWriteReachTheHandlerIntact() {
		proxied("required", "127.0.0.1").run((context) -> {
			try (Socket client = connect("127.0.0.1", "127.0.0.1", port(context))) {
				String payload = "payload 0123456789 \r\n\0 end";
				client.getOutputStream().write((CLIENT_V1 + payload).getBytes(StandardCharsets.ISO_8859_1));
				byte[] echoed = client.getInputStream().readNBytes(payload.length());
				assertThat(new String(echoed, StandardCharsets.ISO_8859_1)).isEqualTo(payload);
			}
			assertThat(this.seen).containsExactly("192.0.2.7:40000 via 127.0.0.1");
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.bytesReceived()).as("the header and the payload")
				.isEqualTo(CLIENT_V1.length() + "payload 0123456789 \r\n\0 end".length());
		});
	}

	@Test
	void aMalformedHeaderClosesOnlyThatConnectionAndIsCounted() {
		assertRefusedWhileAnotherIsServed("required", "127.0.0.1",
				"PROXY TCP4 192.0.2.999 127.0.0.1 1 2\r\n".getBytes(StandardCharsets.US_ASCII),
				RejectReason.PROXY_MALFORMED, "proxy-malformed");
	}

	@Test
	void anOversizedV2HeaderClosesOnlyThatConnectionAndIsCounted() {
		ByteBuffer header = v2(0x21, 0x11, 2000);
		assertRefusedWhileAnotherIsServed("required", "127.0.0.1",
				Arrays.copyOf(header.array(), header.position()), RejectReason.PROXY_MALFORMED,
				"proxy-malformed");
	}

	@Test
	void aTruncatedHeaderTimesOutAndIsCounted() {
		assertRefusedWhileAnotherIsServed("required", "127.0.0.1",
				"PROXY TCP4 192.0.".getBytes(StandardCharsets.US_ASCII), RejectReason.PROXY_TIMEOUT, "proxy-timeout");
	}

	@Test
	void aConnectionWithoutHeaderIsRefusedWhenOneIsRequired() {
		assertRefusedWhileAnotherIsServed("required", "127.0.0.1", "hello\r\n".getBytes(StandardCharsets.US_ASCII),
				RejectReason.PROXY_MALFORMED, "proxy-malformed");
	}

	@Test
	void aHeaderFromAnUntrustedPeerIsRefusedInOptionalMode() {
		proxied("optional", "10.0.0.0/8").run((context) -> {
			try (Socket refused = connect("127.0.0.1", "127.0.0.1", port(context))) {
				refused.getOutputStream().write(CLIENT_V1.getBytes(StandardCharsets.US_ASCII));
				assertThat(readUntilClosed(refused)).isZero();
			}
			try (Socket plain = connect("127.0.0.1", "127.0.0.1", port(context))) {
				assertThat(roundTrip(plain, "plain")).isEqualTo("plain");
				assertThat(this.seen).containsExactly("127.0.0.1:" + plain.getLocalPort() + " via 127.0.0.1");
			}
			await().untilAsserted(() -> assertThat(counters(context).closed()).isEqualTo(2));
			assertRejected(listener(context), RejectReason.PROXY_UNTRUSTED, "proxy-untrusted", 1);
		});
	}

	@Test
	void aDeniedClientThatMayNotSendAHeaderIsRefusedAtAcceptInOptionalMode() {
		proxied("optional", "10.0.0.0/8").withPropertyValues("listener.deny=127.0.0.2/32").run((context) -> {
			try (Socket denied = connect("127.0.0.2", "127.0.0.1", port(context))) {
				// sends nothing: refused before its first byte, not when the header's timeout ends
				assertThat(readUntilClosed(denied)).isZero();
			}
			await().untilAsserted(() -> assertThat(counters(context).closed()).isEqualTo(1));
			assertRejected(listener(context), RejectReason.DENIED, "denied", 1);
			assertThat(counters(context).rejected(RejectReason.PROXY_TIMEOUT)).isZero();
			assertThat(this.seen).isEmpty();
		});
	}

	@Test
	void optionalModeServesAConnectionWithoutHeaderAsItIs() {
		proxied("optional", "127.0.0.1").run((context) -> {
			try (Socket client = connect("127.0.0.1", "127.0.0.1", port(context))) {
				// shorter than either signature, and answered at once
				assertThat(roundTrip(client, "hi")).isEqualTo("hi");
				assertThat(this.seen).containsExactly("127.0.0.1:" + client.getLocalPort() + " via 127.0.0.1");
			}
			try (Socket proxied = connect("127.0.0.1", "127.0.0.1", port(context))) {
				proxied.getOutputStream().write(CLIENT_V1.getBytes(StandardCharsets.US_ASCII));
				assertThat(roundTrip(proxied, "proxied")).isEqualTo("proxied");
				assertThat(this.seen).endsWith("192.0.2.7:40000 via 127.0.0.1");
			}
		});
	}

	@Test
	void aLocalHeaderFromTheBalancerKeepsThePeerAddress() {
		proxied("required", "127.0.0.1").run((context) -> {
			try (Socket client = connect("127.0.0.1", "127.0.0.1", port(context))) {
				ByteBuffer local = v2(0x20, 0x00, 0);
				client.getOutputStream().write(local.array(), 0, local.position());
				assertThat(roundTrip(client, "check")).isEqualTo("check");
				assertThat(this.seen).containsExactly("127.0.0.1:" + client.getLocalPort() + " via 127.0.0.1");
			}
		});
	}

	@Test
	void theAddressListsCheckTheHeadersClientNotTheBalancer() {
		proxied("required", "127.0.0.1").withPropertyValues("listener.allow=198.51.100.0/24")
			.run((context) -> {
				try (Socket denied = connect("127.0.0.1", "127.0.0.1", port(context))) {
					denied.getOutputStream().write(CLIENT_V1.getBytes(StandardCharsets.US_ASCII));
					assertThat(readUntilClosed(denied)).isZero();
				}
				try (Socket allowed = connect("127.0.0.1", "127.0.0.1", port(context))) {
					allowed.getOutputStream()
						.write("PROXY TCP4 198.51.100.1 127.0.0.1 5000 443\r\n".getBytes(StandardCharsets.US_ASCII));
					assertThat(roundTrip(allowed, "allowed")).isEqualTo("allowed");
				}
				assertThat(this.seen).containsExactly("198.51.100.1:5000 via 127.0.0.1");
				await().untilAsserted(() -> assertThat(counters(context).closed()).isEqualTo(2));
				assertRejected(listener(context), RejectReason.DENIED, "denied", 1);
			});
	}

	private void assertRefusedWhileAnotherIsServed(String mode, String trusted, byte[] bad, RejectReason reason,
			String tag) {
		proxied(mode, trusted).run((context) -> {
			try (Socket good = connect("127.0.0.1", "127.0.0.1", port(context))) {
				good.getOutputStream().write(CLIENT_V1.getBytes(StandardCharsets.US_ASCII));
				assertThat(roundTrip(good, "before")).isEqualTo("before");
				try (Socket refused = connect("127.0.0.1", "127.0.0.1", port(context))) {
					refused.getOutputStream().write(bad);
					assertThat(readUntilClosed(refused)).isZero();
				}
				assertThat(roundTrip(good, "after")).isEqualTo("after");
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(2));
			assertThat(counters.handlerErrors()).isZero();
			assertThat(this.seen).containsExactly("192.0.2.7:40000 via 127.0.0.1");
			assertRejected(listener(context), reason, tag, 1);
		});
	}

	/**
	 * Starts HAProxy in front of the listener: a frontend per backend, one sending PROXY v1
	 * ({@code send-proxy}), one v2 ({@code send-proxy-v2}).
	 * @return the frontends' ports, v1 then v2
	 */
	private int[] startHaproxy(int listenerPort) throws Exception {
		Assumptions.assumeTrue(new File(HAPROXY).canExecute(),
				() -> "Skipped: " + HAPROXY + " is not installed (apt-get install haproxy; .ci/run does)");
		Assumptions.assumeTrue(ProcNet.available(), "Skipped: needs Linux's /proc/net socket tables");
		int v1 = freePort();
		int v2 = freePort();
		Path config = this.temp.resolve("haproxy.cfg");
		Files.writeString(config, String.join("\n", "global", "  maxconn 100", "defaults", "  mode tcp",
				"  retries 0",
				"  timeout connect 5s", "  timeout client 10s", "  timeout server 10s", "frontend v1",
				"  bind 127.0.0.1:" + v1, "  default_backend v1", "backend v1",
				"  server listener 127.0.0.1:" + listenerPort + " send-proxy", "frontend v2", "  bind 127.0.0.1:" + v2,
				"  default_backend v2", "backend v2", "  server listener 127.0.0.1:" + listenerPort + " send-proxy-v2",
				""));
		this.haproxy = new ProcessBuilder(HAPROXY, "-f", config.toString(), "-db").redirectErrorStream(true)
			.redirectOutput(this.temp.resolve("haproxy.log").toFile())
			.start();
		// ready once the kernel lists both ports as listening: connecting would reach the listener, and
		// binding them to find out would make haproxy's own bind fail
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			assertThat(this.haproxy.isAlive()).as(() -> "haproxy: " + log()).isTrue();
			assertThat(ProcNet.tcpListeners(v1)).contains(Family.INET);
			assertThat(ProcNet.tcpListeners(v2)).contains(Family.INET);
		});
		return new int[] { v1, v2 };
	}

	private String log() {
		try {
			return Files.readString(this.temp.resolve("haproxy.log"));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** A v2 PROXY header from 192.0.2.9:40001 over TCP4. */
	private static byte[] v2Client() {
		ByteBuffer header = v2(0x21, 0x11, 12);
		header.put(new byte[] { (byte) 192, 0, 2, 9, 127, 0, 0, 1 }).putShort((short) 40001).putShort((short) 443);
		return Arrays.copyOf(header.array(), header.position());
	}

	/** A v2 header's first 16 bytes, positioned after them. */
	private static ByteBuffer v2(int versionCommand, int family, int length) {
		return ByteBuffer.allocate(64)
			.put(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A })
			.put((byte) versionCommand)
			.put((byte) family)
			.putShort((short) length);
	}

	private static Listener listener(AssertableApplicationContext context) {
		return context.getBean(Listener.class);
	}

	private static int port(AssertableApplicationContext context) {
		return listener(context).port();
	}

	private static SocketCounters counters(AssertableApplicationContext context) {
		return SocketCounters.of(listener(context).sockets().get(0));
	}

}
