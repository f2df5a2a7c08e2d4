package dev.listener.engine;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.Framing;
import dev.listener.socket.ListenSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one place through which every event of a served listener passes, on any engine: a
 * connection accepted (then followed by its {@link ConnectionEvents}), an accept() failed, a
 * datagram received, sent or dropped, a handler failed. It is the only writer of the
 * {@link SocketCounters}, and where the starter's own {@link ConnectionHooks} are called. For the
 * engines, not applications; one per engine, made by {@link EngineLifecycle}.
 * <p>
 * Cheap on the hot path: the counters of the listener's sockets are found without a lock, and
 * without hooks nothing is allocated per connection but its {@link ConnectionEvents}.
 */
public final class ListenerEvents {

	private static final Log logger = LogFactory.getLog(ListenerEvents.class);

	private static final ConnectionObserver[] NO_OBSERVERS = {};

	private static final ConnectionAdmission[] NO_ADMISSIONS = {};

	private final String listenerName;

	private final Supplier<String> engineName;

	private final BooleanSupplier stopping;

	final ConnectionObserver[] observers;

	final ConnectionAdmission[] admissions;

	private final ListenSocket[] sockets;

	private final SocketCounters[] counters;

	/** Whether a handler failure was logged at WARN: the first one is, the others at DEBUG. */
	private final AtomicBoolean failureLogged = new AtomicBoolean();

	/** Whether a hook's failure was logged at WARN: the first one is, the others at DEBUG. */
	private final AtomicBoolean hookFailureLogged = new AtomicBoolean();

	/**
	 * The events of a listener.
	 * @param listenerName the listener's name
	 * @param sockets its sockets, whose counters are looked up once here
	 * @param hooks the starter's hooks, in order
	 * @param engineName the engine's name, asked when a hook reads it
	 * @param stopping whether the engine is stopping, which decides some close reasons
	 */
	public ListenerEvents(String listenerName, List<ListenSocket> sockets, ConnectionHooks hooks,
			Supplier<String> engineName, BooleanSupplier stopping) {
		this.listenerName = listenerName;
		this.engineName = engineName;
		this.stopping = stopping;
		this.observers = hooks.observers().toArray(NO_OBSERVERS);
		this.admissions = hooks.admissions().toArray(NO_ADMISSIONS);
		this.sockets = sockets.toArray(new ListenSocket[0]);
		this.counters = new SocketCounters[this.sockets.length];
		for (int i = 0; i < this.sockets.length; i++) {
			this.counters[i] = SocketCounters.of(this.sockets[i]);
		}
	}

	/**
	 * The events of a socket served by hand, with no engine and no hooks.
	 * @param socket the socket
	 * @return its events
	 */
	public static ListenerEvents unserved(ListenSocket socket) {
		return new ListenerEvents(socket.listenerName(), List.of(socket), ConnectionHooks.NONE, () -> "none",
				() -> false);
	}

	/** @return the listener's name */
	public String listenerName() {
		return this.listenerName;
	}

	String engineName() {
		return this.engineName.get();
	}

	boolean isStopping() {
		return this.stopping.getAsBoolean();
	}

	/**
	 * The counters of a socket, to read.
	 * @param socket one of the listener's sockets
	 * @return its counters
	 */
	public SocketCounters counters(ListenSocket socket) {
		ListenSocket[] sockets = this.sockets;
		for (int i = 0; i < sockets.length; i++) {
			if (sockets[i] == socket) {
				return this.counters[i];
			}
		}
		return SocketCounters.of(socket);
	}

	/**
	 * A connection was accepted: counted, and its observers told, before any check.
	 * @param socket the listen socket that accepted it
	 * @param remote the peer's address
	 * @return the connection's events, which it reports from now on, until it is closed
	 */
	public ConnectionEvents accepted(ListenSocket socket, SocketAddress remote) {
		return new ConnectionEvents(this, socket, counters(socket), remote);
	}

	/**
	 * accept() failed on a socket still open (a socket closed under it is a stop, not a failure):
	 * counted by kind.
	 * @param socket the listen socket
	 * @param failure what accept() threw
	 * @return the kind of failure, for the accept backoff
	 */
	public AcceptError acceptFailed(ListenSocket socket, Throwable failure) {
		AcceptError error = AcceptError.of(failure);
		counters(socket).acceptFailed(error);
		return error;
	}

	/**
	 * A datagram was received.
	 * @param socket the dgram socket
	 * @param bytes its length
	 */
	public void datagramReceived(ListenSocket socket, int bytes) {
		SocketCounters counters = counters(socket);
		counters.datagramReceived();
		counters.bytesReceived(bytes);
	}

	/**
	 * A datagram was sent.
	 * @param socket the dgram socket
	 * @param bytes its length
	 */
	public void datagramSent(ListenSocket socket, int bytes) {
		SocketCounters counters = counters(socket);
		counters.datagramSent();
		counters.bytesSent(bytes);
	}

	/**
	 * A received datagram is checked against the listener's framing ({@link Framing#checkDatagram}):
	 * one over the limit is counted as a frame rejected, and dropped by the engine.
	 * @param socket the dgram socket
	 * @param framing the listener's framing
	 * @param bytes the datagram's length
	 * @return whether it may reach the handler
	 */
	public boolean admitsDatagram(ListenSocket socket, Framing framing, int bytes) {
		FrameRejection rejection = framing.checkDatagram(bytes);
		if (rejection != null) {
			counters(socket).frameRejected(rejection);
			return false;
		}
		return true;
	}

	/**
	 * A handler threw, on a connection or a datagram: counted, the first logged at WARN and the
	 * others at DEBUG, so that a failing handler cannot flood the log.
	 * @param socket the socket it happened on
	 * @param subject the connection or datagram, for the log
	 * @param failure what the handler threw
	 */
	public void handlerFailed(ListenSocket socket, Object subject, Throwable failure) {
		counters(socket).handlerFailed();
		String message = "Handler of listener '" + this.listenerName + "' failed on " + subject;
		if (this.failureLogged.compareAndSet(false, true)) {
			logger.warn(message + " (further failures are counted and logged at DEBUG)", failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, failure);
		}
	}

	/** A hook threw: logged, never thrown on, so the connection is served as if it had not. */
	void hookFailed(Object hook, Object subject, RuntimeException failure) {
		String message = "Connection hook " + hook.getClass().getName() + " of listener '" + this.listenerName
				+ "' failed on " + subject;
		if (this.hookFailureLogged.compareAndSet(false, true)) {
			logger.warn(message + " (further failures are logged at DEBUG)", failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, failure);
		}
	}

}
