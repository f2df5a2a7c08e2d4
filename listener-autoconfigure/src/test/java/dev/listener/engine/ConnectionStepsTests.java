package dev.listener.engine;

import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

import dev.listener.actuate.TestListeners;
import dev.listener.pipeline.AddressFilter;
import dev.listener.pipeline.Cidr;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.RejectReason;
import dev.listener.pipeline.Tls;
import dev.listener.socket.Family;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisions both engines drive, without an engine: what a connection's PROXY header, its
 * first bytes and its deadline mean ({@link ProxyHeaderStep}), how a TLS handshake is timed and
 * which of its ends wins ({@link HandshakeStep}), and what a frame or a datagram over the limit
 * counts. The parity suites show each engine drives them alike.
 */
class ConnectionStepsTests {

	private static final InetSocketAddress BALANCER = new InetSocketAddress("127.0.0.1", 40000);

	private static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.2", 40000);

	private Listener listener;

	private ListenSocket socket;

	private ListenerEvents events;

	@BeforeEach
	void open() throws Exception {
		this.listener = TestListeners.open("steps", Family.INET, "127.0.0.1");
		this.socket = this.listener.sockets().get(0);
		this.events = new ListenerEvents("steps", this.listener.sockets(), ConnectionHooks.NONE, () -> "test",
				() -> false);
	}

	@AfterEach
	void close() throws Exception {
		this.listener.close();
	}

	private SocketCounters counters() {
		return SocketCounters.of(this.socket);
	}

	private static ConnectionPipeline proxied(ProxyProtocol.Mode mode, String... deny) {
		List<Cidr> denied = Arrays.stream(deny).map(Cidr::parse).toList();
		return new ConnectionPipeline(new AddressFilter(List.of(), denied),
				new ProxyProtocol(mode, List.of(Cidr.parse("127.0.0.1/32")), Duration.ofMillis(1500)), null,
				Framing.NONE);
	}

	private ProxyHeaderStep step(ConnectionPipeline pipeline, InetSocketAddress peer) {
		ProxyHeaderStep step = ProxyHeaderStep.of(pipeline, this.events.accepted(this.socket, peer), peer);
		assertThat(step).isNotNull();
		return step;
	}

	private static ByteBuffer bytes(byte[] read) {
		return ByteBuffer.allocate(512).put(read);
	}

	private static ByteBuffer ascii(String read) {
		return bytes(read.getBytes(StandardCharsets.US_ASCII));
	}

	/** A v2 header's fixed part: PROXY over TCP4, announcing that many bytes after it. */
	private static byte[] v2(int length) {
		return ByteBuffer.allocate(16)
			.put(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11 })
			.putShort((short) length)
			.array();
	}

	@Test
	void noStepWithoutTheProxyProtocolOrForAPeerWithoutAnIpAddress() {
		ConnectionEvents connection = this.events.accepted(this.socket, BALANCER);
		assertThat(ProxyHeaderStep.of(ConnectionPipeline.NONE, connection, BALANCER)).isNull();
		assertThat(ProxyHeaderStep.of(proxied(ProxyProtocol.Mode.REQUIRED), connection, null)).isNull();
	}

	@Test
	void theClientsOwnBytesAreServedAsTheyAreInOptionalModeAndRefusedAsMalformedWhenAHeaderIsRequired() {
		ProxyHeaderStep optional = step(proxied(ProxyProtocol.Mode.OPTIONAL), BALANCER);
		assertThat(optional.detect(ascii("P"))).isEqualTo(ProxyHeaderStep.Next.MORE);
		assertThat(optional.detect(ascii("PING\r\n"))).isEqualTo(ProxyHeaderStep.Next.SERVE);
		assertThat(optional.client()).isEqualTo(BALANCER);
		ProxyHeaderStep required = step(proxied(ProxyProtocol.Mode.REQUIRED), BALANCER);
		assertThat(required.detect(ascii("PING\r\n"))).isEqualTo(ProxyHeaderStep.Next.REFUSED);
		assertThat(counters().rejected(RejectReason.PROXY_MALFORMED)).isEqualTo(1);
		assertThat(required.isEnded()).isTrue();
	}

	@Test
	void aHeaderFromAPeerOutsideTheTrustedBalancersIsRefusedAsUntrusted() {
		ProxyHeaderStep step = step(proxied(ProxyProtocol.Mode.OPTIONAL), STRANGER);
		assertThat(step.detect(ascii("PROXY "))).isEqualTo(ProxyHeaderStep.Next.REFUSED);
		assertThat(counters().rejected(RejectReason.PROXY_UNTRUSTED)).isEqualTo(1);
	}

	@Test
	void aV2HeaderIsCheckedAgainstTheLimitAsSoonAsItsFixedPartIsThere() {
		ProxyHeaderStep step = step(proxied(ProxyProtocol.Mode.REQUIRED), BALANCER);
		byte[] oversized = v2(2000);
		assertThat(step.detect(bytes(Arrays.copyOf(oversized, 15)))).isEqualTo(ProxyHeaderStep.Next.MORE);
		assertThat(step.detect(bytes(oversized))).isEqualTo(ProxyHeaderStep.Next.REFUSED);
		assertThat(counters().rejected(RejectReason.PROXY_MALFORMED)).isEqualTo(1);
		ProxyHeaderStep fits = step(proxied(ProxyProtocol.Mode.REQUIRED), BALANCER);
		assertThat(fits.detect(bytes(v2(12)))).isEqualTo(ProxyHeaderStep.Next.HEADER);
	}

	@Test
	void theHeadersClientIsCheckedByTheAddressListsAndAHeaderWithoutOneKeepsThePeer() {
		ConnectionPipeline pipeline = proxied(ProxyProtocol.Mode.REQUIRED, "192.0.2.0/24");
		ProxyHeaderStep denied = step(pipeline, BALANCER);
		assertThat(denied.header(new InetSocketAddress("192.0.2.7", 5000))).isFalse();
		assertThat(counters().rejected(RejectReason.DENIED)).isEqualTo(1);
		ProxyHeaderStep local = step(pipeline, BALANCER);
		assertThat(local.header(null)).isTrue();
		assertThat(local.client()).isEqualTo(BALANCER);
		InetSocketAddress client = new InetSocketAddress("198.51.100.1", 5000);
		ProxyHeaderStep served = step(pipeline, BALANCER);
		assertThat(served.header(client)).isTrue();
		assertThat(served.client()).isEqualTo(client);
	}

	@Test
	void theHeadersDeadlineRefusesItAsATimeoutOnlyWhileTheHeaderIsStillExpected() {
		ProxyHeaderStep late = step(proxied(ProxyProtocol.Mode.REQUIRED), BALANCER);
		assertThat(late.timeoutNanos()).isEqualTo(Duration.ofMillis(1500).toNanos());
		assertThat(late.timedOut()).isTrue();
		// the header read as the deadline closed the connection: nothing more counted, not served
		assertThat(late.header(new InetSocketAddress("198.51.100.1", 5000))).isFalse();
		assertThat(late.failed(new SocketException("Socket closed"))).isFalse();
		ProxyHeaderStep inTime = step(proxied(ProxyProtocol.Mode.REQUIRED), BALANCER);
		assertThat(inTime.header(null)).isTrue();
		assertThat(inTime.timedOut()).isFalse();
		assertThat(inTime.malformed("late")).isFalse();
		assertThat(counters().rejected(RejectReason.PROXY_TIMEOUT)).isEqualTo(1);
		assertThat(counters().rejected(RejectReason.PROXY_MALFORMED)).isZero();
		assertThat(counters().rejected(RejectReason.DENIED)).isZero();
	}

	@Test
	void aHandshakeEndsOnceWhicheverComesFirstAndIsTimedFromItsStart() throws Exception {
		Tls tls = new Tls(new Tls.Material(SSLContext.getDefault(), null, null), Tls.ClientAuth.NONE,
				Duration.ofMillis(800));
		ConcurrentLinkedQueue<Long> durations = new ConcurrentLinkedQueue<>();
		counters().onHandshakeCompleted(durations::add);
		HandshakeStep timedOut = new HandshakeStep(this.events.accepted(this.socket, BALANCER), tls);
		assertThat(timedOut.start()).isEqualTo(Duration.ofMillis(800).toNanos());
		assertThat(timedOut.timedOut()).isTrue();
		assertThat(timedOut.completed(null, null)).as("completed after the deadline").isFalse();
		assertThat(timedOut.failed(new SSLHandshakeException("closed under it"), "c")).isFalse();
		HandshakeStep failed = new HandshakeStep(this.events.accepted(this.socket, BALANCER), tls);
		failed.start();
		assertThat(failed.failed(new SSLHandshakeException("Unrecognized SSL message"), "c")).isTrue();
		assertThat(failed.timedOut()).isFalse();
		assertThat(failed.isOver()).isTrue();
		assertThat(failed.isCompleted()).isFalse();
		assertThat(counters().handshakeFailures(HandshakeFailure.TIMEOUT)).isEqualTo(1);
		assertThat(counters().handshakeFailures(HandshakeFailure.PROTOCOL)).isEqualTo(1);
		HandshakeStep completed = new HandshakeStep(this.events.accepted(this.socket, BALANCER), tls);
		completed.start();
		Thread.sleep(20);
		SSLSession session = SSLContext.getDefault().createSSLEngine().getSession();
		assertThat(completed.completed(session, "")).isTrue();
		assertThat(completed.timedOut()).as("the deadline after completion").isFalse();
		assertThat(completed.isCompleted()).isTrue();
		assertThat(counters().handshakes()).isEqualTo(1);
		assertThat(counters().handshakeFailures(HandshakeFailure.TIMEOUT)).isEqualTo(1);
		assertThat(durations).singleElement().satisfies((nanos) -> assertThat(nanos)
			.isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos()));
	}

	@Test
	void aDatagramOverTheLimitIsDroppedAndCountedOnlyWithFramingOn() {
		Framing lines = new Framing(Framing.Type.LINE, 100);
		assertThat(this.events.admitsDatagram(this.socket, lines, 100)).isTrue();
		assertThat(this.events.admitsDatagram(this.socket, lines, 101)).isFalse();
		assertThat(this.events.admitsDatagram(this.socket, Framing.NONE, 100_000)).isTrue();
		assertThat(counters().framesRejected(FrameRejection.TOO_LONG)).isEqualTo(1);
		assertThat(counters().framesRejected()).isEqualTo(1);
	}

	@Test
	void aFrameRejectedSaysWhatItsConnectionClosesAsUnlessAnEarlierReasonWasGiven() {
		assertThat(this.events.accepted(this.socket, BALANCER).frameRejected(FrameRejection.TOO_LONG))
			.isEqualTo(CloseReason.LIMIT);
		assertThat(this.events.accepted(this.socket, BALANCER).frameRejected(FrameRejection.MALFORMED))
			.isEqualTo(CloseReason.REJECTED);
		ConnectionEvents stopping = this.events.accepted(this.socket, BALANCER);
		stopping.closing(CloseReason.SHUTDOWN);
		assertThat(stopping.frameRejected(FrameRejection.TOO_LONG)).isEqualTo(CloseReason.SHUTDOWN);
	}

}
