package dev.listener.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.ListenSocket;

/**
 * The one source of truth for what a listen socket has done. Written on the hot path with
 * {@link LongAdder}s (no lock, no contention between cores), and only by {@link ListenerEvents}
 * and {@link ConnectionEvents}: its writers are package-private, so an engine reports events
 * there and cannot count past them. Health, metrics and the endpoint only read it, through
 * {@link #of(ListenSocket)}.
 */
public final class SocketCounters {

	/**
	 * The counters of each socket, kept here rather than on the socket so that {@code socket}
	 * knows nothing of the engines; weak, so a closed socket's counters go with it.
	 */
	private static final Map<ListenSocket, SocketCounters> BY_SOCKET = Collections.synchronizedMap(new WeakHashMap<>());

	private final LongAdder accepted = new LongAdder();

	private final LongAdder closed = new LongAdder();

	private final LongAdder connectionNanos = new LongAdder();

	private final LongAdder bytesReceived = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder datagramsReceived = new LongAdder();

	private final LongAdder datagramsSent = new LongAdder();

	private final LongAdder handlerErrors = new LongAdder();

	private final Map<FrameRejection, LongAdder> framesRejected = adders(FrameRejection.class);

	private final Map<RejectReason, LongAdder> rejected = adders(RejectReason.class);

	private final Map<AcceptError, LongAdder> acceptErrors = adders(AcceptError.class);

	private final Map<CloseReason, LongAdder> closedBy = adders(CloseReason.class);

	private final LongAdder handshakes = new LongAdder();

	private final Map<HandshakeFailure, LongAdder> handshakeFailures = adders(HandshakeFailure.class);

	/** Told each closed connection's lifetime, such as a timer with a histogram; usually one. */
	private final List<LongConsumer> durations = new CopyOnWriteArrayList<>();

	/** Told each completed TLS handshake's duration, such as a timer. */
	private final List<LongConsumer> handshakeDurations = new CopyOnWriteArrayList<>();

	private SocketCounters() {
	}

	/**
	 * The counters of a listen socket, from its first connection or reading on: zero until then.
	 * @param socket the socket
	 * @return its counters, always the same instance for the same socket
	 */
	public static SocketCounters of(ListenSocket socket) {
		return BY_SOCKET.computeIfAbsent(socket, (key) -> new SocketCounters());
	}

	private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
		Map<E, LongAdder> adders = new EnumMap<>(type);
		for (E key : type.getEnumConstants()) {
			adders.put(key, new LongAdder());
		}
		return adders;
	}

	/** Counts an accepted connection. */
	void connectionAccepted() {
		this.accepted.increment();
	}

	/**
	 * Counts a closed connection.
	 * @param reason how it ended
	 * @param durationNanos how long it was open
	 */
	void connectionClosed(CloseReason reason, long durationNanos) {
		this.connectionNanos.add(durationNanos);
		this.closedBy.get(reason).increment();
		this.closed.increment();
		for (LongConsumer duration : this.durations) {
			duration.accept(durationNanos);
		}
	}

	/**
	 * Tells a consumer each closed connection's lifetime from now on, in nanoseconds: how a timer
	 * with percentiles and SLOs records them.
	 * @param consumer the consumer
	 */
	public void onConnectionClosed(LongConsumer consumer) {
		this.durations.add(consumer);
	}

	/**
	 * @param reason how they ended
	 * @return connections closed that way
	 */
	public long closed(CloseReason reason) {
		return this.closedBy.get(reason).sum();
	}

	/**
	 * Counts a completed TLS handshake.
	 * @param durationNanos how long it took
	 */
	void handshakeCompleted(long durationNanos) {
		this.handshakes.increment();
		for (LongConsumer duration : this.handshakeDurations) {
			duration.accept(durationNanos);
		}
	}

	/**
	 * Tells a consumer each completed TLS handshake's duration from now on, in nanoseconds.
	 * @param consumer the consumer
	 */
	public void onHandshakeCompleted(LongConsumer consumer) {
		this.handshakeDurations.add(consumer);
	}

	/**
	 * Counts a failed TLS handshake; its connection is closed as {@link CloseReason#REJECTED}.
	 * @param reason why it failed
	 */
	void handshakeFailed(HandshakeFailure reason) {
		this.handshakeFailures.get(reason).increment();
	}

	/** @return TLS handshakes completed */
	public long handshakes() {
		return this.handshakes.sum();
	}

	/**
	 * @param reason why they failed
	 * @return TLS handshakes that failed that way
	 */
	public long handshakeFailures(HandshakeFailure reason) {
		return this.handshakeFailures.get(reason).sum();
	}

	/**
	 * Counts a connection closed before it was served.
	 * @param reason why
	 */
	void connectionRejected(RejectReason reason) {
		this.rejected.get(reason).increment();
	}

	/**
	 * Counts a failed accept().
	 * @param error the kind of failure
	 */
	void acceptFailed(AcceptError error) {
		this.acceptErrors.get(error).increment();
	}

	/**
	 * Counts bytes read from a connection.
	 * @param bytes the number read
	 */
	void bytesReceived(long bytes) {
		this.bytesReceived.add(bytes);
	}

	/**
	 * Counts bytes written to a connection.
	 * @param bytes the number written
	 */
	void bytesSent(long bytes) {
		this.bytesSent.add(bytes);
	}

	/** Counts a received datagram. */
	void datagramReceived() {
		this.datagramsReceived.increment();
	}

	/** Counts a sent datagram. */
	void datagramSent() {
		this.datagramsSent.increment();
	}

	/** Counts a connection or datagram whose handler threw. */
	void handlerFailed() {
		this.handlerErrors.increment();
	}

	/**
	 * Counts a frame refused, or a datagram over the listener's {@code framing.max-frame-size}.
	 * @param reason why
	 */
	void frameRejected(FrameRejection reason) {
		this.framesRejected.get(reason).increment();
	}

	/**
	 * @param reason why
	 * @return frames and datagrams refused for that reason
	 */
	public long framesRejected(FrameRejection reason) {
		return this.framesRejected.get(reason).sum();
	}

	/** @return frames and datagrams refused, for any reason */
	public long framesRejected() {
		long sum = 0;
		for (LongAdder rejected : this.framesRejected.values()) {
			sum += rejected.sum();
		}
		return sum;
	}

	/** @return connections and datagrams whose handler threw */
	public long handlerErrors() {
		return this.handlerErrors.sum();
	}

	/** @return connections accepted since the socket was opened */
	public long accepted() {
		return this.accepted.sum();
	}

	/** @return connections accepted and not yet closed */
	public long active() {
		return this.accepted.sum() - this.closed.sum();
	}

	/** @return connections closed */
	public long closed() {
		return this.closed.sum();
	}

	/** @return the summed lifetime of the closed connections, in nanoseconds */
	public long connectionNanos() {
		return this.connectionNanos.sum();
	}

	/**
	 * @param reason the reason
	 * @return connections rejected for that reason
	 */
	public long rejected(RejectReason reason) {
		return this.rejected.get(reason).sum();
	}

	/**
	 * @param error the kind of failure
	 * @return accept() failures of that kind
	 */
	public long acceptErrors(AcceptError error) {
		return this.acceptErrors.get(error).sum();
	}

	/** @return bytes read from connections and received in datagrams */
	public long bytesReceived() {
		return this.bytesReceived.sum();
	}

	/** @return bytes written to connections and sent in datagrams */
	public long bytesSent() {
		return this.bytesSent.sum();
	}

	/** @return datagrams received */
	public long datagramsReceived() {
		return this.datagramsReceived.sum();
	}

	/** @return datagrams sent */
	public long datagramsSent() {
		return this.datagramsSent.sum();
	}

}
