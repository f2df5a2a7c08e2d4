package dev.listener.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import javax.net.ssl.SSLSession;

import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.Tls;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The TLS handshake of one connection, timed and ended the same way on every engine: its clock
 * starts once the steps before it are done (after the PROXY protocol header), it may take
 * {@code ssl.handshake-timeout} from then, and it ends once, by whichever comes first: its
 * completion (counted with its duration from that start), its failure (counted under its
 * {@link HandshakeFailure} reason, or as a reset when the peer went away), or its deadline (counted
 * as {@link HandshakeFailure#TIMEOUT}). Either way but completion, the connection closes as
 * {@code rejected} or {@code reset} ({@link ConnectionEvents#handshakeFailed}).
 * <p>
 * The engine runs the handshake, schedules the deadline its own way ({@link #start()} says when)
 * and tells this what happened; what that means is decided here. The deadline may come on another
 * thread than the handshake's.
 * For the engines, not applications.
 */
public final class HandshakeStep {

	private static final Log logger = LogFactory.getLog(HandshakeStep.class);

	private static final AtomicIntegerFieldUpdater<HandshakeStep> STATE = AtomicIntegerFieldUpdater
		.newUpdater(HandshakeStep.class, "state");

	private static final int RUNNING = 0;

	private static final int COMPLETED = 1;

	private static final int FAILED = 2;

	private final ConnectionEvents events;

	private final Duration timeout;

	private long startedNanos;

	private volatile int state;

	/**
	 * @param events the connection's events
	 * @param tls the listener's TLS, whose handshake timeout applies
	 */
	public HandshakeStep(ConnectionEvents events, Tls tls) {
		this.events = events;
		this.timeout = tls.handshakeTimeout();
	}

	/**
	 * The steps before are done: the handshake's clock starts, and the observers are told.
	 * @return how long from now the engine ends the handshake with {@link #timedOut()}, in
	 * nanoseconds
	 */
	public long start() {
		this.startedNanos = System.nanoTime();
		this.events.handshakeStarted();
		return this.timeout.toNanos();
	}

	/**
	 * The handshake completed: counted with its duration, unless the deadline ended it first.
	 * @param session the session agreed, {@code null} when the engine has none to give
	 * @param applicationProtocol the protocol ALPN agreed, empty or {@code null} for none
	 * @return whether the connection goes on; false when the deadline came first (it is closed, and
	 * counted as a timeout)
	 */
	public boolean completed(@Nullable SSLSession session, @Nullable String applicationProtocol) {
		if (!STATE.compareAndSet(this, RUNNING, COMPLETED)) {
			return false;
		}
		if (session != null) {
			this.events.handshakeCompleted(System.nanoTime() - this.startedNanos, session, applicationProtocol);
		}
		return true;
	}

	/**
	 * The handshake failed: counted under its reason, unless it had ended already.
	 * @param failure what it failed with
	 * @param subject the connection, for the log
	 * @return whether this ended it; the engine closes the connection either way
	 */
	public boolean failed(Throwable failure, Object subject) {
		if (!STATE.compareAndSet(this, RUNNING, FAILED)) {
			return false;
		}
		this.events.handshakeFailed(failure, HandshakeFailure.of(failure));
		if (logger.isDebugEnabled()) {
			logger.debug("TLS handshake failed on " + subject, failure);
		}
		return true;
	}

	/**
	 * The deadline {@link #start()} gave has passed: a handshake still running is counted as timed
	 * out.
	 * @return whether it was still running: the engine closes the connection
	 */
	public boolean timedOut() {
		if (!STATE.compareAndSet(this, RUNNING, FAILED)) {
			return false;
		}
		this.events.handshakeFailed(HandshakeFailure.TIMEOUT);
		if (logger.isDebugEnabled()) {
			logger.debug("TLS handshake timed out on " + this.events + " after "
					+ TimeUnit.NANOSECONDS.toMillis(this.timeout.toNanos()) + " ms");
		}
		return true;
	}

	/** @return whether the handshake completed (not failed, not still running) */
	public boolean isCompleted() {
		return this.state == COMPLETED;
	}

	/** @return whether the handshake has ended, one way or another */
	public boolean isOver() {
		return this.state != RUNNING;
	}

}
