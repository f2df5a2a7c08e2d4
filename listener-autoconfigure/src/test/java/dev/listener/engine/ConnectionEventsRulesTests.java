package dev.listener.engine;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import dev.listener.actuate.TestListeners;
import dev.listener.handler.FrameTooLongException;
import dev.listener.handler.MalformedFrameException;
import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Family;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the one place every connection event passes through, without an engine: how each
 * event counts, which close reason wins, and what the hooks are told.
 */
class ConnectionEventsRulesTests {

	private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

	private Listener listener;

	private ListenSocket socket;

	private final List<String> told = new ArrayList<>();

	@BeforeEach
	void open() throws Exception {
		this.listener = TestListeners.open("rules", Family.INET, "127.0.0.1");
		this.socket = this.listener.sockets().get(0);
	}

	@AfterEach
	void close() throws Exception {
		this.listener.close();
	}

	private ListenerEvents events(ConnectionHooks hooks) {
		return new ListenerEvents("rules", this.listener.sockets(), hooks, () -> "test", () -> false);
	}

	private SocketCounters counters() {
		return SocketCounters.of(this.socket);
	}

	@Test
	void aConnectionIsClosedOnceWithTheFirstReasonGiven() {
		ConnectionEvents connection = events(ConnectionHooks.NONE).accepted(this.socket, PEER);
		connection.closing(CloseReason.IDLE);
		connection.closing(CloseReason.HANDLER_ERROR);
		assertThat(connection.closed(CloseReason.EOF)).isTrue();
		assertThat(connection.closed(CloseReason.EOF)).isFalse();
		assertThat(connection.closeReason()).isEqualTo(CloseReason.IDLE);
		assertThat(counters().closed(CloseReason.IDLE)).isEqualTo(1);
		assertThat(counters().closed()).isEqualTo(1);
		assertThat(counters().active()).isZero();
	}

	@Test
	void aRefusalIsCountedOnceAndClosesAsRejectedOrAsShutdown() {
		ListenerEvents events = events(ConnectionHooks.NONE);
		ConnectionEvents denied = events.accepted(this.socket, PEER);
		denied.refused(RejectReason.DENIED);
		denied.refused(RejectReason.PROXY_TIMEOUT);
		denied.closed(CloseReason.EOF);
		ConnectionEvents stopping = events.accepted(this.socket, PEER);
		stopping.refused(RejectReason.SHUTDOWN);
		stopping.closed(CloseReason.EOF);
		assertThat(counters().rejected(RejectReason.DENIED)).isEqualTo(1);
		assertThat(counters().rejected(RejectReason.PROXY_TIMEOUT)).isZero();
		assertThat(counters().closed(CloseReason.REJECTED)).isEqualTo(1);
		assertThat(counters().closed(CloseReason.SHUTDOWN)).isEqualTo(1);
	}

	@Test
	void failuresCloseForTheReasonTheirKindSays() {
		ListenerEvents events = events(ConnectionHooks.NONE);
		assertThat(events.accepted(this.socket, PEER).failed(new FrameTooLongException(10), true, "c"))
			.isEqualTo(CloseReason.LIMIT);
		assertThat(events.accepted(this.socket, PEER).failed(new MalformedFrameException("bad"), true, "c"))
			.isEqualTo(CloseReason.REJECTED);
		assertThat(events.accepted(this.socket, PEER)
			.failed(new java.io.IOException("Connection reset by peer"), true, "c")).isEqualTo(CloseReason.RESET);
		assertThat(counters().handlerErrors()).isZero();
		assertThat(events.accepted(this.socket, PEER).failed(new IllegalStateException("bug"), true, "c"))
			.isEqualTo(CloseReason.HANDLER_ERROR);
		assertThat(counters().handlerErrors()).isEqualTo(1);
		ConnectionEvents idle = events.accepted(this.socket, PEER);
		idle.closing(CloseReason.IDLE);
		assertThat(idle.failed(new java.nio.channels.ClosedChannelException(), false, "c")).isEqualTo(CloseReason.IDLE);
		assertThat(counters().handlerErrors()).isEqualTo(1);
	}

	@Test
	void aFrameRejectedClosesAsALimitOrARefusal() {
		ListenerEvents events = events(ConnectionHooks.NONE);
		ConnectionEvents tooLong = events.accepted(this.socket, PEER);
		tooLong.frameRejected(FrameRejection.TOO_LONG);
		tooLong.closed(CloseReason.EOF);
		ConnectionEvents malformed = events.accepted(this.socket, PEER);
		malformed.frameRejected(FrameRejection.MALFORMED);
		malformed.closed(CloseReason.EOF);
		assertThat(counters().closed(CloseReason.LIMIT)).isEqualTo(1);
		assertThat(counters().closed(CloseReason.REJECTED)).isEqualTo(1);
		assertThat(counters().framesRejected()).isEqualTo(2);
	}

	@Test
	void aPeerGoneInTheHandshakeIsAResetNotAFailedHandshake() {
		ListenerEvents events = events(ConnectionHooks.NONE);
		ConnectionEvents reset = events.accepted(this.socket, PEER);
		reset.handshakeFailed(new java.net.SocketException("Connection reset"), HandshakeFailure.OTHER);
		reset.closed(CloseReason.REJECTED);
		ConnectionEvents garbage = events.accepted(this.socket, PEER);
		garbage.handshakeFailed(new javax.net.ssl.SSLException("Unsupported or unrecognized SSL message"),
				HandshakeFailure.PROTOCOL);
		garbage.closed(CloseReason.EOF);
		assertThat(counters().closed(CloseReason.RESET)).isEqualTo(1);
		assertThat(counters().handshakeFailures(HandshakeFailure.OTHER)).isZero();
		assertThat(counters().handshakeFailures(HandshakeFailure.PROTOCOL)).isEqualTo(1);
		assertThat(counters().closed(CloseReason.REJECTED)).isEqualTo(1);
	}

	@Test
	void admissionsAreAskedInOrderAndOnlyThoseThatAdmittedAreToldOfTheClose() {
		ConnectionHooks hooks = ConnectionHooks.NONE.and(admission("first", null))
			.and(admission("second", RejectReason.DENIED))
			.and(admission("third", null));
		ConnectionEvents connection = events(hooks).accepted(this.socket, PEER);
		assertThat(connection.admit(null)).isEqualTo(RejectReason.DENIED);
		connection.closed(CloseReason.EOF);
		assertThat(this.told).containsExactly("first asked", "second asked", "first closed");
		assertThat(counters().rejected(RejectReason.DENIED)).isEqualTo(1);
		assertThat(counters().closed(CloseReason.REJECTED)).isEqualTo(1);
	}

	@Test
	void theAddressListsRefuseBeforeAnyAdmissionIsAsked() {
		ConnectionEvents connection = events(ConnectionHooks.NONE.and(admission("first", null))).accepted(this.socket,
				PEER);
		assertThat(connection.admit(RejectReason.DENIED)).isEqualTo(RejectReason.DENIED);
		connection.closed(CloseReason.EOF);
		assertThat(this.told).isEmpty();
	}

	@Test
	void aHookThatThrowsIsLoggedAndTheConnectionGoesOn() {
		ConnectionObserver failing = (connection) -> {
			throw new IllegalStateException("observer bug");
		};
		ConnectionAdmission failingAdmission = (connection) -> {
			throw new IllegalStateException("admission bug");
		};
		ConnectionEvents connection = events(ConnectionHooks.NONE.and(failing).and(failingAdmission))
			.accepted(this.socket, PEER);
		assertThat(connection.admit(null)).isNull();
		assertThat(connection.closed(CloseReason.EOF)).isTrue();
		assertThat(counters().closed(CloseReason.EOF)).isEqualTo(1);
	}

	@Test
	void theViewCarriesTheBytesAndTheProxiedClient() {
		List<ConnectionView> closed = new ArrayList<>();
		ConnectionObserver observer = (connection) -> new ConnectionObserver.Handle() {
			@Override
			public void closed(ConnectionView view) {
				closed.add(view);
			}
		};
		ConnectionEvents connection = events(ConnectionHooks.NONE.and(observer)).accepted(this.socket, PEER);
		connection.bytesReceived(10);
		connection.bytesSent(3);
		InetSocketAddress client = new InetSocketAddress("192.0.2.1", 1234);
		assertThat(connection.proxied(client, null)).isNull();
		connection.closed(CloseReason.EOF);
		assertThat(closed).singleElement().satisfies((view) -> {
			assertThat(view.bytesReceived()).isEqualTo(10);
			assertThat(view.bytesSent()).isEqualTo(3);
			assertThat(view.clientAddress()).isEqualTo(client);
			assertThat(view.remoteAddress()).isEqualTo(PEER);
			assertThat(view.engineName()).isEqualTo("test");
			assertThat(view.closeReason()).isEqualTo(CloseReason.EOF);
		});
		assertThat(counters().bytesReceived()).isEqualTo(10);
		assertThat(counters().bytesSent()).isEqualTo(3);
	}

	private ConnectionAdmission admission(String name, RejectReason answer) {
		return new ConnectionAdmission() {

			@Override
			public RejectReason admit(ConnectionView connection) {
				ConnectionEventsRulesTests.this.told.add(name + " asked");
				return answer;
			}

			@Override
			public void closed(ConnectionView connection) {
				ConnectionEventsRulesTests.this.told.add(name + " closed");
			}

		};
	}

}
