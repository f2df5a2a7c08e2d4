package dev.listener.engine.blocking;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.engine.CloseReason;
import dev.listener.engine.SocketCounters;
import dev.listener.handler.ConnectionHandler;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Addresses;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The steps together on one listener, in their order: a PROXY v2 header from a trusted balancer,
 * then a TLS handshake, then line frames. The handler records what it saw of each step: the
 * header's client, the TLS protocol, each frame. The subclass runs the same on Netty.
 */
public class PipelineInterplayTests {

	private static final String HOST = "127.0.0.1";

	@TempDir
	Path dir;

	TestCertificates certificates;

	/** What the handler saw, one entry per step: {@code client ...}, {@code tls ...}, {@code frame ...}. */
	protected final Queue<String> seen = new ConcurrentLinkedQueue<>();

	@BeforeEach
	void makeCertificates() throws Exception {
		this.certificates = TestCertificates.in(this.dir);
	}

	/** @return the runner of the engine under test: PROXY required from 127.0.0.1, TLS, lines */
	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
			.withPropertyValues("listener.port=0", "listener.host=" + HOST, "listener.proxy-protocol.mode=required",
					"listener.proxy-protocol.trusted=127.0.0.1/32", "listener.proxy-protocol.timeout=2s",
					"listener.ssl.bundle=server", "listener.ssl.handshake-timeout=2s", "listener.framing.type=line",
					"listener.framing.max-frame-size=64B")
			.withPropertyValues(this.certificates.serverBundle("server"));
	}

	/**
	 * Adds the engine's handler that records the client, the TLS protocol and each frame into
	 * {@link #seen}, and writes each frame back as a frame.
	 */
	protected ApplicationContextRunner recordingFrameEcho(ApplicationContextRunner runner) {
		ConnectionHandler handler = (connection) -> {
			this.seen.add("client " + Addresses.format(connection.remoteAddress()));
			SSLSession session = connection.tlsSession();
			this.seen.add("tls " + ((session != null) ? session.getProtocol() : "none"));
			for (byte[] frame = connection.readFrame(); frame != null; frame = connection.readFrame()) {
				this.seen.add("frame " + new String(frame, StandardCharsets.UTF_8));
				connection.writeFrame(frame);
			}
		};
		return runner.withBean(ConnectionHandler.class, () -> handler);
	}

	@Test
	void aProxyHeaderThenATlsHandshakeThenLinesReachTheHandlerEachAsItsStepLeavesThem() {
		recordingFrameEcho(runner()).run((context) -> {
			try (SSLSocket client = proxiedTls(context, false)) {
				OutputStream out = client.getOutputStream();
				// one line across many records, then two lines in one record
				for (byte b : "split across writes\n".getBytes(StandardCharsets.UTF_8)) {
					out.write(b);
					out.flush();
				}
				out.write("two\r\nthree\n".getBytes(StandardCharsets.UTF_8));
				out.flush();
				String expected = "split across writes\ntwo\nthree\n";
				byte[] back = client.getInputStream().readNBytes(expected.length());
				assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo(expected);
			}
			await().untilAsserted(() -> assertThat(counters(context).closed()).isEqualTo(1));
			assertThat(this.seen).containsExactly("client 192.0.2.9:40001", "tls TLSv1.3",
					"frame split across writes", "frame two", "frame three");
			SocketCounters counters = counters(context);
			assertThat(counters.handshakes()).isEqualTo(1);
			assertThat(counters.closed(CloseReason.REJECTED)).isZero();
			assertThat(counters.handlerErrors()).isZero();
		});
	}

	@Test
	void aClientHelloInTheSameSegmentAsTheProxyHeaderIsNotLost() {
		recordingFrameEcho(runner()).run((context) -> {
			try (SSLSocket client = proxiedTls(context, true)) {
				client.getOutputStream().write("together\n".getBytes(StandardCharsets.UTF_8));
				client.getOutputStream().flush();
				byte[] back = client.getInputStream().readNBytes("together\n".length());
				assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("together\n");
			}
			await().untilAsserted(() -> assertThat(this.seen).contains("frame together"));
			assertThat(this.seen).startsWith("client 192.0.2.9:40001", "tls TLSv1.3");
		});
	}

	@Test
	void aLineOverTheLimitAfterTheHandshakeClosesTheConnectionAsALimitNotARefusal() {
		recordingFrameEcho(runner()).run((context) -> {
			try (SSLSocket client = proxiedTls(context, false)) {
				byte[] line = new byte[200];
				Arrays.fill(line, (byte) 'x');
				client.getOutputStream().write(line);
				client.getOutputStream().flush();
				assertThat(client.getInputStream().read()).isEqualTo(-1);
			}
			catch (IOException ex) {
				// a reset is closed too
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.closed(CloseReason.LIMIT)).isEqualTo(1);
			assertThat(counters.framesRejected()).isEqualTo(1);
			assertThat(counters.handshakes()).isEqualTo(1);
			assertThat(counters.handlerErrors()).isZero();
			assertThat(this.seen).containsExactly("client 192.0.2.9:40001", "tls TLSv1.3");
		});
	}

	@Test
	void aClientThatStopsAfterTheHeaderIsClosedAtTheHandshakeTimeoutAndCountedOnce() {
		recordingFrameEcho(runner().withPropertyValues("listener.ssl.handshake-timeout=300ms")).run((context) -> {
			try (Socket raw = connect(context)) {
				raw.getOutputStream().write(v2Client());
				raw.getOutputStream().flush();
				assertThat(PipelineClients.readUntilClosed(raw)).isZero();
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.handshakeFailures(HandshakeFailure.TIMEOUT)).isEqualTo(1);
			assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(1);
			assertThat(counters.rejected(RejectReason.PROXY_TIMEOUT)).isZero();
			assertThat(counters.handlerErrors()).isZero();
			assertThat(this.seen).noneMatch((step) -> step.startsWith("tls") || step.startsWith("frame"));
		});
	}

	@Test
	void theHandshakeTimeoutStartsOnceTheProxyHeaderIsRead() {
		recordingFrameEcho(runner().withPropertyValues("listener.ssl.handshake-timeout=2s")).run((context) -> {
			// the header late, then the handshake late, together longer than the handshake timeout;
			// the handshake itself has a second
			lateHeaderThenLateHandshake(context, 1500, 1000);
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.handshakeFailures(HandshakeFailure.TIMEOUT)).isZero();
			assertThat(counters.handshakes()).isEqualTo(1);
		});
	}

	@Test
	void theHandshakesDurationIsTimedFromTheEndOfTheProxyHeaderNotFromAcceptNorFromTheClientHello() {
		recordingFrameEcho(runner().withPropertyValues("listener.proxy-protocol.timeout=5s",
				"listener.ssl.handshake-timeout=5s"))
			.run((context) -> {
				Queue<Long> durations = new ConcurrentLinkedQueue<>();
				counters(context).onHandshakeCompleted(durations::add);
				lateHeaderThenLateHandshake(context, 2000, 500);
				await().untilAsserted(() -> assertThat(durations).hasSize(1));
				// from accept it would be 2.5s and more; from the ClientHello, less than the 500ms before it
				// (the bounds leave room for the server reading the header late on a busy machine)
				assertThat(Duration.ofNanos(durations.peek())).isBetween(Duration.ofMillis(400),
						Duration.ofMillis(2400));
			});
	}

	/** Sends the header that long after connecting, then the ClientHello that long after it, and a line. */
	private void lateHeaderThenLateHandshake(AssertableApplicationContext context, long headerMillis,
			long helloMillis) throws Exception {
		SSLContext tls = this.certificates.client(null);
		try (Socket raw = connect(context)) {
			Thread.sleep(headerMillis);
			raw.getOutputStream().write(v2Client());
			raw.getOutputStream().flush();
			Thread.sleep(helloMillis);
			try (SSLSocket client = (SSLSocket) tls.getSocketFactory().createSocket(raw, HOST, port(context), true)) {
				client.startHandshake();
				client.getOutputStream().write("in time\n".getBytes(StandardCharsets.UTF_8));
				client.getOutputStream().flush();
				assertThat(new String(client.getInputStream().readNBytes(8), StandardCharsets.UTF_8))
					.isEqualTo("in time\n");
			}
		}
	}

	@Test
	void aConnectionRefusedAtItsProxyHeaderIsNotCountedAsAFailedHandshake() {
		recordingFrameEcho(runner()).run((context) -> {
			SocketCounters counters = counters(context);
			try (Socket malformed = connect(context); Socket early = connect(context)) {
				malformed.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(PipelineClients.readUntilClosed(malformed)).isZero();
				// half a header, then gone
				early.getOutputStream().write(v2Client(), 0, 10);
			}
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(2));
			assertThat(counters.rejected(RejectReason.PROXY_MALFORMED)).isEqualTo(1);
			assertThat(counters.closed(CloseReason.EOF)).isEqualTo(1);
			for (HandshakeFailure reason : HandshakeFailure.values()) {
				assertThat(counters.handshakeFailures(reason)).as(reason.tagValue()).isZero();
			}
			assertThat(this.seen).isEmpty();
		});
	}

	@Test
	void aResetInTheMiddleOfTheProxyHeaderIsCountedAsAResetNotAsAFailedHandshake() {
		recordingFrameEcho(runner()).run((context) -> {
			SocketCounters counters = counters(context);
			try (Socket reset = connect(context)) {
				reset.getOutputStream().write(v2Client(), 0, 10);
				await().untilAsserted(() -> assertThat(counters.bytesReceived()).isEqualTo(10));
				// closing with a zero linger sends a reset
				reset.setSoLinger(true, 0);
			}
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.closed(CloseReason.RESET)).isEqualTo(1);
			for (HandshakeFailure reason : HandshakeFailure.values()) {
				assertThat(counters.handshakeFailures(reason)).as(reason.tagValue()).isZero();
			}
			assertThat(counters.handlerErrors()).isZero();
		});
	}

	@Test
	void immediateShutdownClosesConnectionsInTheMiddleOfTheHeaderOrTheHandshake() {
		recordingFrameEcho(runner().withPropertyValues("listener.shutdown=immediate",
				"listener.proxy-protocol.timeout=30s", "listener.ssl.handshake-timeout=30s",
				"spring.lifecycle.timeout-per-shutdown-phase=30s"))
			.run((context) -> {
				SocketCounters counters = counters(context);
				try (Socket inHeader = connect(context); Socket inHandshake = connect(context)) {
					startBoth(context, inHeader, inHandshake);
					long started = System.nanoTime();
					context.close();
					assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
					assertThat(PipelineClients.readUntilClosed(inHeader)).isZero();
					assertThat(PipelineClients.readUntilClosed(inHandshake)).isZero();
				}
				assertThat(counters.closed()).isEqualTo(2);
				assertThat(counters.closed(CloseReason.SHUTDOWN)).isEqualTo(2);
				assertThat(counters.rejected(RejectReason.PROXY_TIMEOUT)).isZero();
				assertThat(counters.handshakeFailures(HandshakeFailure.TIMEOUT)).isZero();
				assertThat(counters.handlerErrors()).isZero();
			});
	}

	@Test
	void gracefulShutdownWaitsForAHeaderOrAHandshakeNoLongerThanItsTimeout() {
		recordingFrameEcho(runner().withPropertyValues("listener.proxy-protocol.timeout=1s",
				"listener.ssl.handshake-timeout=1s", "spring.lifecycle.timeout-per-shutdown-phase=30s"))
			.run((context) -> {
				SocketCounters counters = counters(context);
				try (Socket inHeader = connect(context); Socket inHandshake = connect(context)) {
					startBoth(context, inHeader, inHandshake);
					long started = System.nanoTime();
					context.close();
					assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
					assertThat(PipelineClients.readUntilClosed(inHeader)).isZero();
					assertThat(PipelineClients.readUntilClosed(inHandshake)).isZero();
				}
				assertThat(counters.closed()).isEqualTo(2);
				assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(2);
				assertThat(counters.rejected(RejectReason.PROXY_TIMEOUT)).isEqualTo(1);
				assertThat(counters.handshakeFailures(HandshakeFailure.TIMEOUT)).isEqualTo(1);
			});
	}

	/** Sends half a header on one connection, a whole one on the other, and waits for the server to read them. */
	private static void startBoth(AssertableApplicationContext context, Socket inHeader, Socket inHandshake)
			throws IOException {
		byte[] header = v2Client();
		inHeader.getOutputStream().write(header, 0, 10);
		inHandshake.getOutputStream().write(header);
		SocketCounters counters = counters(context);
		await().untilAsserted(() -> assertThat(counters.bytesReceived()).isEqualTo(10 + header.length));
	}

	/**
	 * Connects from 127.0.0.1, sends a PROXY v2 header for 192.0.2.9:40001 and does the TLS
	 * handshake over the same socket.
	 * @param withClientHello whether the header goes in the same write as the ClientHello
	 */
	private SSLSocket proxiedTls(AssertableApplicationContext context, boolean withClientHello) throws IOException {
		byte[] header = v2Client();
		Socket raw = withClientHello ? new PrefixedSocket(header) : new Socket();
		raw.connect(new InetSocketAddress(InetAddress.getByName(HOST), port(context)), EchoClient.TIMEOUT_MILLIS);
		raw.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
		if (!withClientHello) {
			raw.getOutputStream().write(header);
			raw.getOutputStream().flush();
		}
		SSLSocket tls = (SSLSocket) this.certificates.client(null)
			.getSocketFactory()
			.createSocket(raw, HOST, port(context), true);
		tls.startHandshake();
		return tls;
	}

	private static Socket connect(AssertableApplicationContext context) throws IOException {
		return PipelineClients.connect(HOST, HOST, port(context));
	}

	/** A v2 PROXY header from 192.0.2.9:40001 to 127.0.0.1:443 over TCP4. */
	static byte[] v2Client() {
		ByteBuffer header = ByteBuffer.allocate(28)
			.put(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A })
			.put((byte) 0x21)
			.put((byte) 0x11)
			.putShort((short) 12)
			.put(new byte[] { (byte) 192, 0, 2, 9, 127, 0, 0, 1 })
			.putShort((short) 40001)
			.putShort((short) 443);
		return header.array();
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(Listener.class).port();
	}

	private static SocketCounters counters(AssertableApplicationContext context) {
		return SocketCounters.of(context.getBean(Listener.class).sockets().get(0));
	}

	/** A socket whose first write, the ClientHello of a TLS socket layered on it, starts with a prefix. */
	private static final class PrefixedSocket extends Socket {

		private final byte[] prefix;

		private boolean sent;

		PrefixedSocket(byte[] prefix) {
			this.prefix = prefix;
		}

		@Override
		public OutputStream getOutputStream() throws IOException {
			return new FilterOutputStream(super.getOutputStream()) {

				@Override
				public void write(byte[] bytes, int offset, int length) throws IOException {
					if (!PrefixedSocket.this.sent) {
						PrefixedSocket.this.sent = true;
						byte[] both = Arrays.copyOf(PrefixedSocket.this.prefix,
								PrefixedSocket.this.prefix.length + length);
						System.arraycopy(bytes, offset, both, PrefixedSocket.this.prefix.length, length);
						this.out.write(both);
						return;
					}
					this.out.write(bytes, offset, length);
				}

			};
		}

	}

}
