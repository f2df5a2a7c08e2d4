package dev.listener.engine;

import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

import dev.listener.handler.FrameTooLongException;
import dev.listener.handler.MalformedFrameException;
import dev.listener.handler.TlsRecordException;
import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Addresses;
import dev.listener.socket.Family;
import dev.listener.socket.ListenSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The events of one connection, from {@link ListenerEvents#accepted}: the one place where, on any
 * engine, a connection is refused (counted once, with its reason), its PROXY client and its TLS
 * handshake are recorded, its frames rejected and its bytes counted, and where how it ended is
 * decided ({@link #closing}, {@link #failed}) and recorded, once ({@link #closed}). The engine
 * reports; the rules of what each event counts and how it closes the connection are here. For
 * the engines, not applications; it is also the {@link ConnectionView} the hooks see.
 * <p>
 * A read or write costs a field add and a counter add: no lock, no allocation, no hook.
 */
public final class ConnectionEvents implements ConnectionView {

	private static final Log logger = LogFactory.getLog(ConnectionEvents.class);

	private static final AtomicIntegerFieldUpdater<ConnectionEvents> CLOSED = AtomicIntegerFieldUpdater
		.newUpdater(ConnectionEvents.class, "closed");

	private static final AtomicReferenceFieldUpdater<ConnectionEvents, CloseReason> REASON = AtomicReferenceFieldUpdater
		.newUpdater(ConnectionEvents.class, CloseReason.class, "closeReason");

	private final ListenerEvents listener;

	private final ListenSocket socket;

	private final SocketCounters counters;

	private final SocketAddress remoteAddress;

	private final long startNanos = System.nanoTime();

	private final long startMillis = System.currentTimeMillis();

	/** The client a PROXY protocol header named; read by other threads' logs. */
	private volatile @Nullable SocketAddress client;

	private long bytesReceived;

	private long bytesSent;

	private @Nullable SSLSession tlsSession;

	private @Nullable String tlsApplicationProtocol;

	/** Read at the handshake: OpenSSL's session forgets it once the connection's engine is freed. */
	private @Nullable String tlsServerName;

	private @Nullable HandshakeFailure handshakeFailure;

	private @Nullable Throwable failure;

	private volatile @Nullable RejectReason rejectReason;

	/** How it ends: the first reason given wins; {@code null} until one is. */
	private volatile @Nullable CloseReason closeReason;

	private volatile int closed;

	/** The observers' handles, or {@code null} without observers. */
	private final ConnectionObserver.Handle @Nullable [] handles;

	/** How many of the admissions, in order, admitted it: those are told of its close. */
	private int admitted;

	ConnectionEvents(ListenerEvents listener, ListenSocket socket, SocketCounters counters, SocketAddress remoteAddress) {
		this.listener = listener;
		this.socket = socket;
		this.counters = counters;
		this.remoteAddress = remoteAddress;
		counters.connectionAccepted();
		ConnectionObserver[] observers = listener.observers;
		if (observers.length == 0) {
			this.handles = null;
		}
		else {
			ConnectionObserver.Handle[] handles = new ConnectionObserver.Handle[observers.length];
			for (int i = 0; i < observers.length; i++) {
				try {
					ConnectionObserver.Handle handle = observers[i].opened(this);
					handles[i] = (handle != null) ? handle : ConnectionObserver.Handle.NONE;
				}
				catch (RuntimeException ex) {
					listener.hookFailed(observers[i], this, ex);
					handles[i] = ConnectionObserver.Handle.NONE;
				}
			}
			this.handles = handles;
		}
	}

	/**
	 * The connection is checked at accept, before anything is read: refused by the address lists,
	 * else asked of the admissions.
	 * @param filtered why the address lists refuse it, or {@code null}
	 * @return why it is refused, counted here (the engine closes it), or {@code null} to serve it
	 */
	public @Nullable RejectReason admit(@Nullable RejectReason filtered) {
		if (filtered != null) {
			return refused(filtered);
		}
		return askAdmissions();
	}

	/**
	 * A PROXY protocol header named the client: recorded, the observers told, then checked as at
	 * accept: by the address lists, then the admissions.
	 * @param client the client's address
	 * @param filtered why the address lists refuse the client, or {@code null}
	 * @return why it is refused, counted here (the engine closes it), or {@code null} to serve it
	 */
	public @Nullable RejectReason proxied(SocketAddress client, @Nullable RejectReason filtered) {
		this.client = client;
		ConnectionObserver.Handle[] handles = this.handles;
		if (handles != null) {
			for (ConnectionObserver.Handle handle : handles) {
				try {
					handle.proxied(this);
				}
				catch (RuntimeException ex) {
					this.listener.hookFailed(handle, this, ex);
				}
			}
		}
		return admit(filtered);
	}

	private @Nullable RejectReason askAdmissions() {
		ConnectionAdmission[] admissions = this.listener.admissions;
		for (int i = 0; i < admissions.length; i++) {
			RejectReason reason;
			try {
				reason = admissions[i].admit(this);
			}
			catch (RuntimeException ex) {
				this.listener.hookFailed(admissions[i], this, ex);
				reason = null;
			}
			if (reason != null) {
				this.admitted = Math.max(this.admitted, i);
				return refused(reason);
			}
		}
		this.admitted = admissions.length;
		return null;
	}

	/**
	 * The connection is refused before it is served: counted once under its reason, and closed as
	 * {@code shutdown} when the listener was stopping, else as {@code rejected}, unless it was
	 * already closing for another reason. The engine closes it.
	 * @param reason why
	 * @return the reason
	 */
	public RejectReason refused(RejectReason reason) {
		if (this.rejectReason == null) {
			this.rejectReason = reason;
			this.counters.connectionRejected(reason);
			if (logger.isDebugEnabled()) {
				logger.debug("Refusing " + this + ": " + reason.name().toLowerCase(Locale.ROOT).replace('_', '-'));
			}
		}
		closing((reason == RejectReason.SHUTDOWN) ? CloseReason.SHUTDOWN : CloseReason.REJECTED);
		return reason;
	}

	/** The TLS handshake starts, the steps before it done: the observers are told. */
	public void handshakeStarted() {
		ConnectionObserver.Handle[] handles = this.handles;
		if (handles != null) {
			for (ConnectionObserver.Handle handle : handles) {
				try {
					handle.handshakeStarted(this);
				}
				catch (RuntimeException ex) {
					this.listener.hookFailed(handle, this, ex);
				}
			}
		}
	}

	/**
	 * The TLS handshake completed.
	 * @param durationNanos how long it took, from when the steps before it were done
	 * @param session the session agreed
	 */
	public void handshakeCompleted(long durationNanos, SSLSession session) {
		handshakeCompleted(durationNanos, session, null);
	}

	/**
	 * The TLS handshake completed.
	 * @param durationNanos how long it took, from when the steps before it were done
	 * @param session the session agreed
	 * @param applicationProtocol the protocol ALPN agreed ({@code SSLEngine.getApplicationProtocol()}):
	 * empty or {@code null} for none
	 */
	public void handshakeCompleted(long durationNanos, SSLSession session, @Nullable String applicationProtocol) {
		this.tlsSession = session;
		this.tlsServerName = requestedServerName(session);
		this.tlsApplicationProtocol = (applicationProtocol != null && !applicationProtocol.isEmpty())
				? applicationProtocol : null;
		this.counters.handshakeCompleted(durationNanos);
		ConnectionObserver.Handle[] handles = this.handles;
		if (handles != null) {
			for (ConnectionObserver.Handle handle : handles) {
				try {
					handle.handshakeCompleted(this, durationNanos);
				}
				catch (RuntimeException ex) {
					this.listener.hookFailed(handle, this, ex);
				}
			}
		}
	}

	/**
	 * The TLS handshake ended with a failure: the peer going away (a reset, a broken pipe, such as
	 * a client that resets as soon as its side of the handshake is done, while the server writes
	 * its session ticket) closes the connection as {@code reset}, as in any other step, and is no
	 * failure of TLS; anything else is a failed handshake ({@link #handshakeFailed(HandshakeFailure)}).
	 * The engine closes it.
	 * @param failure what the handshake failed with
	 * @param reason why it failed, as the engine classifies it
	 */
	public void handshakeFailed(Throwable failure, HandshakeFailure reason) {
		if (reason != HandshakeFailure.TIMEOUT && CloseReason.isPeerGone(failure)) {
			closing(CloseReason.RESET);
			return;
		}
		handshakeFailed(reason);
	}

	/**
	 * The TLS handshake failed: counted once under its reason, and the connection closes as
	 * {@code rejected}. The engine closes it.
	 * @param reason why
	 */
	public void handshakeFailed(HandshakeFailure reason) {
		if (this.handshakeFailure != null) {
			return;
		}
		this.handshakeFailure = reason;
		this.counters.handshakeFailed(reason);
		closing(CloseReason.REJECTED);
		ConnectionObserver.Handle[] handles = this.handles;
		if (handles != null) {
			for (ConnectionObserver.Handle handle : handles) {
				try {
					handle.handshakeFailed(this, reason);
				}
				catch (RuntimeException ex) {
					this.listener.hookFailed(handle, this, ex);
				}
			}
		}
	}

	/**
	 * A frame was refused: counted, and the connection closes as {@code limit} (too long) or
	 * {@code rejected} (malformed). The engine closes it.
	 * @param reason why
	 * @return the reason it closes for
	 */
	public CloseReason frameRejected(FrameRejection reason) {
		this.counters.frameRejected(reason);
		closing(closeReason(reason));
		CloseReason decided = this.closeReason;
		return (decided != null) ? decided : closeReason(reason);
	}

	/** What a refused frame closes its connection as: a limit of the listener, or a refusal. */
	private static CloseReason closeReason(FrameRejection reason) {
		return (reason == FrameRejection.TOO_LONG) ? CloseReason.LIMIT : CloseReason.REJECTED;
	}

	/**
	 * Bytes were read from the connection, on the wire.
	 * @param bytes how many
	 */
	public void bytesReceived(int bytes) {
		this.bytesReceived += bytes;
		this.counters.bytesReceived(bytes);
	}

	/**
	 * Bytes were written to the connection, on the wire.
	 * @param bytes how many
	 */
	public void bytesSent(int bytes) {
		this.bytesSent += bytes;
		this.counters.bytesSent(bytes);
	}

	/**
	 * A write failed: the peer going away closes the connection as a reset; anything else is left
	 * to whoever sees the failure next.
	 * @param failure what the write failed with
	 * @return whether it was the peer going away
	 */
	public boolean writeFailed(Throwable failure) {
		if (CloseReason.isPeerGone(failure)) {
			closing(CloseReason.RESET);
			return true;
		}
		return false;
	}

	/**
	 * Reading failed in a step before the handler (the PROXY header, TLS): the connection closes
	 * as {@code reset} when the peer went away, else as {@code rejected}. The engine closes it.
	 * @param failure what the read failed with
	 * @return the reason it closes for now
	 */
	public CloseReason stepFailed(Throwable failure) {
		closing(CloseReason.isPeerGone(failure) ? CloseReason.RESET : CloseReason.REJECTED);
		CloseReason decided = this.closeReason;
		return (decided != null) ? decided : CloseReason.REJECTED;
	}

	/**
	 * Something failed on the connection once it was being served (the handler, or a step under
	 * it), and it closes; which reason that is, decided here for every engine:
	 * <ul>
	 * <li>a frame over the limit {@code limit}, a malformed frame or a bad TLS record from the
	 * peer {@code rejected} (both counted where they were found);</li>
	 * <li>the peer gone (a reset, a broken pipe) {@code reset};</li>
	 * <li>a failure on a connection already closed under it (idle, a stop) keeps the reason it was
	 * closed for, {@code shutdown} while the listener stops;</li>
	 * <li>anything else is the handler's failure, {@code handler-error}: counted and logged.</li>
	 * </ul>
	 * @param failure what was thrown
	 * @param open whether the connection's channel is still open
	 * @param subject the connection, for the log
	 * @return the reason it closes for now
	 */
	public CloseReason failed(Throwable failure, boolean open, Object subject) {
		CloseReason reason;
		if (failure instanceof FrameTooLongException) {
			reason = closeReason(FrameRejection.TOO_LONG);
		}
		else if (failure instanceof MalformedFrameException) {
			reason = closeReason(FrameRejection.MALFORMED);
		}
		else if (failure instanceof TlsRecordException) {
			reason = CloseReason.REJECTED;
		}
		else if (CloseReason.isPeerGone(failure)) {
			reason = CloseReason.RESET;
		}
		else if (!open && (this.listener.isStopping() || this.closeReason != null || isClosed()
				|| failure instanceof ClosedChannelException)) {
			reason = this.listener.isStopping() ? CloseReason.SHUTDOWN : CloseReason.EOF;
		}
		else {
			reason = CloseReason.HANDLER_ERROR;
			this.failure = failure;
			this.listener.handlerFailed(this.socket, subject, failure);
		}
		closing(reason);
		CloseReason decided = this.closeReason;
		return (decided != null) ? decided : reason;
	}

	/**
	 * Says why the connection is about to close; the first reason given wins, so a connection the
	 * idle timeout closed stays closed for {@code idle} when its handler then fails.
	 * @param reason why
	 */
	public void closing(CloseReason reason) {
		REASON.compareAndSet(this, null, reason);
	}

	/**
	 * The connection has closed: recorded once, whatever path closed it, with the first reason
	 * given ({@link #closing}), else the one given here; then the observers and the admissions
	 * that admitted it are told.
	 * @param reason how it ended, unless a reason was given before
	 * @return whether this call recorded it (false once it was recorded)
	 */
	public boolean closed(CloseReason reason) {
		closing(reason);
		if (!CLOSED.compareAndSet(this, 0, 1)) {
			return false;
		}
		CloseReason decided = this.closeReason;
		this.counters.connectionClosed((decided != null) ? decided : reason, System.nanoTime() - this.startNanos);
		ConnectionObserver.Handle[] handles = this.handles;
		if (handles != null) {
			for (ConnectionObserver.Handle handle : handles) {
				try {
					handle.closed(this);
				}
				catch (RuntimeException ex) {
					this.listener.hookFailed(handle, this, ex);
				}
			}
		}
		ConnectionAdmission[] admissions = this.listener.admissions;
		for (int i = 0; i < this.admitted; i++) {
			try {
				admissions[i].closed(this);
			}
			catch (RuntimeException ex) {
				this.listener.hookFailed(admissions[i], this, ex);
			}
		}
		return true;
	}

	/** @return whether {@link #closed} has recorded the close */
	public boolean isClosed() {
		return this.closed != 0;
	}

	@Override
	public String listenerName() {
		return this.listener.listenerName();
	}

	@Override
	public String engineName() {
		return this.listener.engineName();
	}

	@Override
	public ListenSocket listenSocket() {
		return this.socket;
	}

	@Override
	public String network() {
		return (this.socket.addressInfo().family() == Family.UNIX) ? "unix"
				: this.socket.addressInfo().protocol().name().toLowerCase(Locale.ROOT);
	}

	@Override
	public SocketAddress localAddress() {
		return this.socket.localAddress();
	}

	@Override
	public SocketAddress remoteAddress() {
		return this.remoteAddress;
	}

	@Override
	public SocketAddress clientAddress() {
		SocketAddress client = this.client;
		return (client != null) ? client : this.remoteAddress;
	}

	@Override
	public boolean isProxied() {
		return this.client != null;
	}

	@Override
	public @Nullable SSLSession tlsSession() {
		return this.tlsSession;
	}

	@Override
	public @Nullable String tlsProtocol() {
		SSLSession session = this.tlsSession;
		return (session != null) ? session.getProtocol() : null;
	}

	@Override
	public @Nullable String tlsCipherSuite() {
		SSLSession session = this.tlsSession;
		return (session != null) ? session.getCipherSuite() : null;
	}

	@Override
	public @Nullable String tlsServerName() {
		return this.tlsServerName;
	}

	private static @Nullable String requestedServerName(SSLSession tlsSession) {
		if (tlsSession instanceof ExtendedSSLSession session) {
			List<SNIServerName> names = session.getRequestedServerNames();
			for (SNIServerName name : names) {
				if (name instanceof SNIHostName host) {
					return host.getAsciiName();
				}
			}
		}
		return null;
	}

	@Override
	public @Nullable String tlsApplicationProtocol() {
		return this.tlsApplicationProtocol;
	}

	@Override
	public @Nullable HandshakeFailure handshakeFailure() {
		return this.handshakeFailure;
	}

	@Override
	public long bytesReceived() {
		return this.bytesReceived;
	}

	@Override
	public long bytesSent() {
		return this.bytesSent;
	}

	@Override
	public long startNanos() {
		return this.startNanos;
	}

	@Override
	public long startMillis() {
		return this.startMillis;
	}

	@Override
	public @Nullable RejectReason rejectReason() {
		return this.rejectReason;
	}

	@Override
	public @Nullable CloseReason closeReason() {
		return isClosed() ? this.closeReason : null;
	}

	@Override
	public @Nullable Throwable failure() {
		return this.failure;
	}

	@Override
	public String toString() {
		return Addresses.format(clientAddress()) + " -> " + Addresses.format(localAddress());
	}

}
