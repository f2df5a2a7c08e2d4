package dev.listener.engine;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle every engine shares, written once: its {@link ServingState}, the count of open
 * connections a graceful stop drains, stopping to accept before anything else (so a connection
 * already accepted is served to its end, never refused), a loop or channel ending while it should
 * run ({@link ServingState.Status#FAILED}), and the "closed N connections still open" line. An
 * engine supplies only what differs: how it stops accepting and how it closes its open
 * connections. For engines, not applications.
 */
public abstract class EngineLifecycle implements ListenerEngine {

	private static final Log logger = LogFactory.getLog(EngineLifecycle.class);

	private final Listener listener;

	private final ServerSettings settings;

	private final ListenerEvents events;

	/** Connections (or accept() calls) that a graceful stop waits for. */
	private final AtomicInteger open = new AtomicInteger();

	private final CompletableFuture<Void> drained = new CompletableFuture<>();

	private volatile boolean stopping;

	/** Set while {@link #close()} closes and counts: the drain it ends completes after its line. */
	private volatile boolean closing;

	private volatile ServingState state;

	/**
	 * @param served the listener and its settings
	 * @param serving whether a handler serves it; otherwise it only holds its sockets
	 */
	protected EngineLifecycle(ServedListener served, boolean serving) {
		this.listener = served.listener();
		this.settings = served.settings();
		this.events = new ListenerEvents(this.listener.name(), this.listener.sockets(), this.settings.hooks(),
				this::engineName, this::isStopping);
		this.state = serving ? ServingState.STOPPED : ServingState.HOLDING;
	}

	@Override
	public final Listener listener() {
		return this.listener;
	}

	@Override
	public final ServerSettings settings() {
		return this.settings;
	}

	@Override
	public final ServingState state() {
		return this.state;
	}

	/** @return whether a stop has begun: accepting ends, a loop or channel ending is expected */
	public final boolean isStopping() {
		return this.stopping;
	}

	/** The engine has started to accept or receive. */
	protected final void running() {
		this.state = ServingState.RUNNING;
	}

	/**
	 * A connection (or an accept() call that may yield one) is open.
	 * @return how many are open now
	 */
	protected final int opened() {
		return this.open.incrementAndGet();
	}

	/**
	 * A connection counted by {@link #opened()} has ended; the last one ends a graceful stop.
	 * @return how many are open now
	 */
	protected final int ended() {
		int open = this.open.decrementAndGet();
		if (open == 0 && this.stopping && !this.closing) {
			this.drained.complete(null);
		}
		return open;
	}

	/**
	 * @return how many connections are open, with accept() calls in progress until a stop has
	 * stopped accepting
	 */
	@Override
	public final int openConnections() {
		return this.open.get();
	}

	/**
	 * An accept or receive loop, or a server channel, ended: expected when stopping, else the
	 * listener has failed.
	 * @param socket the socket no longer served
	 * @param cause why, or {@code null} when it ended without an error
	 */
	protected final void loopEnded(ListenSocket socket, @Nullable Throwable cause) {
		if (this.stopping) {
			return;
		}
		Throwable failure = (cause != null) ? cause
				: new IllegalStateException("The loop of " + socket + " ended unexpectedly");
		this.state = new ServingState(ServingState.Status.FAILED, failure);
		logger.error("Listener '" + this.listener.name() + "' stopped serving " + socket, failure);
	}

	/**
	 * @return the one place through which every event of this engine's connections and datagrams
	 * passes, the only writer of its sockets' counters
	 */
	public final ListenerEvents events() {
		return this.events;
	}

	/**
	 * Stops accepting ({@link #stopAcceptingConnections()}), so new connections are refused; those
	 * already accepted are served to their end.
	 * @return completes once every open connection has closed
	 */
	@Override
	public final CompletableFuture<Void> stopAccepting() {
		this.stopping = true;
		if (this.state == ServingState.RUNNING) {
			this.state = ServingState.STOPPED;
		}
		stopAcceptingConnections();
		if (this.open.get() == 0) {
			this.drained.complete(null);
		}
		return this.drained;
	}

	/**
	 * Stops accepting, closes every connection still open, saying how many, then the rest. The drain
	 * a graceful stop waits for completes only after that line, also where the engine's connections
	 * close on other threads (Netty's event loops), so that the listener's "stopped" line follows it.
	 */
	@Override
	public final void close() {
		this.closing = true;
		try {
			stopAccepting();
			int closed = closeOpenConnections();
			if (closed > 0 && logger.isInfoEnabled()) {
				logger.info("Listener '" + this.listener.name() + "' closed " + closed + " connection"
						+ ((closed != 1) ? "s" : "") + " still open at shutdown");
			}
		}
		finally {
			this.closing = false;
		}
		if (this.open.get() == 0) {
			this.drained.complete(null);
		}
		closed();
	}

	/** Closes the listen sockets, as each engine's {@link #stopAcceptingConnections()} does. */
	protected final void closeListener() {
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			logger.debug("Failed to close listener '" + this.listener.name() + "'", ex);
		}
	}

	/**
	 * Stops accepting and receiving, and returns once no connection can be accepted any more; it
	 * runs with {@link #isStopping()} already set, so a loop ending is not a failure. Called once
	 * or more: it must be idempotent.
	 */
	protected abstract void stopAcceptingConnections();

	/**
	 * Closes every connection still open, for the shutdown reason.
	 * @return how many were open
	 */
	protected abstract int closeOpenConnections();

	/** Releases what the engine holds beyond its connections (an executor); nothing by default. */
	protected void closed() {
	}

	@Override
	public String toString() {
		return this.listener.toString();
	}

}
