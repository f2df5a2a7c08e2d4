package dev.listener.engine;

import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.ListenSocket;

/**
 * Writes a socket's counters as the engines' events would, for tests of what reads them (health,
 * metrics, the endpoint) without serving a connection: the counters' writers are the event
 * point's only, package-private, and this fixture sits in the same package.
 */
public final class TestCounters {

	private final SocketCounters counters;

	private TestCounters(SocketCounters counters) {
		this.counters = counters;
	}

	/**
	 * @param socket the socket
	 * @return a writer of its counters
	 */
	public static TestCounters of(ListenSocket socket) {
		return new TestCounters(SocketCounters.of(socket));
	}

	public void connectionAccepted() {
		this.counters.connectionAccepted();
	}

	public void connectionClosed(CloseReason reason, long durationNanos) {
		this.counters.connectionClosed(reason, durationNanos);
	}

	public void connectionRejected(RejectReason reason) {
		this.counters.connectionRejected(reason);
	}

	public void acceptFailed(AcceptError error) {
		this.counters.acceptFailed(error);
	}

	public void handshakeCompleted(long durationNanos) {
		this.counters.handshakeCompleted(durationNanos);
	}

	public void handshakeFailed(HandshakeFailure reason) {
		this.counters.handshakeFailed(reason);
	}

	public void frameRejected(FrameRejection reason) {
		this.counters.frameRejected(reason);
	}

	public void datagramReceived() {
		this.counters.datagramReceived();
	}

	public void handlerFailed() {
		this.counters.handlerFailed();
	}

}
