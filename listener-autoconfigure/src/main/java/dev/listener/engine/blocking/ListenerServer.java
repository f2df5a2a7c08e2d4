package dev.listener.engine.blocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.listener.engine.AcceptError;
import dev.listener.engine.Backoff;
import dev.listener.engine.CloseReason;
import dev.listener.engine.EngineExecutors;
import dev.listener.engine.EngineLifecycle;
import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;
import dev.listener.pipeline.ClientLimits;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Serves one listener: a non-daemon accept thread per stream socket (it keeps the JVM alive, like
 * Tomcat's) handing each connection to the executor, or a receive thread per dgram socket calling
 * the datagram handler. The accept path takes no lock: a semaphore permit per connection (taken
 * before accept() on a listener of one socket, so at the limit the kernel backlog holds the rest)
 * and a concurrent set. A graceful stop ({@link EngineLifecycle}) drains the connections being
 * served, accepted ones waiting for a permit and accept() calls in progress.
 */
final class ListenerServer extends EngineLifecycle {

	/** Larger than any UDP payload (65,507 bytes), so no datagram is truncated. */
	static final int DATAGRAM_BUFFER_SIZE = 65536;

	private static final long LOOP_EXIT_MILLIS = 1000;

	/** How long a loop may take to end once its socket is closed, before it is interrupted. */
	private static final long CLOSE_EXIT_MILLIS = 200;

	private static final Log logger = LogFactory.getLog(ListenerServer.class);

	private final @Nullable ConnectionHandler connectionHandler;

	private final @Nullable DatagramHandler datagramHandler;

	private final ServerSettings settings;

	private final Supplier<Executor> executorFactory;

	/** Why no handler serves it and what to declare, when none does. */
	private final @Nullable String unserved;

	private final Acceptor acceptor;

	private final Backoff.Sleeper sleeper;

	private final Semaphore permits;

	private final BlockingPipeline pipeline;

	private final Set<BlockingConnection> connections = ConcurrentHashMap.newKeySet();

	private final List<Thread> threads = new ArrayList<>();

	private @Nullable Executor executor;

	/** Whether a failure of the connection pipeline itself was logged: once, then only counted. */
	private volatile boolean setupFailureLogged;

	ListenerServer(ServedListener served, Acceptor acceptor, Backoff.Sleeper sleeper) {
		super(served, served.listener().isStream() && served.connectionHandler() != null
				|| served.listener().isDatagram() && served.datagramHandler() != null);
		Listener listener = served.listener();
		boolean stream = listener.isStream();
		boolean dgram = listener.isDatagram();
		this.connectionHandler = stream ? served.connectionHandler() : null;
		this.datagramHandler = dgram ? served.datagramHandler() : null;
		this.settings = served.settings();
		this.executorFactory = served.executor();
		this.unserved = served.unserved();
		this.acceptor = acceptor;
		this.sleeper = sleeper;
		this.permits = new Semaphore(this.settings.maxConnections());
		this.pipeline = new BlockingPipeline(this.settings.pipeline(), listener.name());
	}

	@Override
	public String engineName() {
		return "blocking";
	}

	@Override
	public String describe() {
		if (!isServing()) {
			return "holds its sockets and serves nothing: "
					+ ((this.unserved != null) ? this.unserved : "no handler bean serves its socket type");
		}
		if (isDatagram()) {
			return "serving datagrams";
		}
		return "serving " + this.settings.describe();
	}

	/** @return whether it serves datagrams rather than connections */
	boolean isDatagram() {
		return this.datagramHandler != null;
	}

	@Override
	public boolean isServing() {
		return this.connectionHandler != null || this.datagramHandler != null;
	}

	/** @return the open connections, for the idle sweeper */
	Set<BlockingConnection> connections() {
		return this.connections;
	}

	/** Starts the loops, once. */
	@Override
	public synchronized void start() {
		if (!this.threads.isEmpty()) {
			return;
		}
		ConnectionHandler connectionHandler = this.connectionHandler;
		DatagramHandler datagramHandler = this.datagramHandler;
		Executor executor = (connectionHandler != null) ? this.executorFactory.get() : null;
		this.executor = executor;
		List<ListenSocket> sockets = listener().sockets();
		for (int i = 0; i < sockets.size(); i++) {
			ListenSocket socket = sockets.get(i);
			String prefix = "listener-" + listener().name();
			if (connectionHandler != null && executor != null) {
				this.threads.add(new Thread(() -> acceptLoop(socket, connectionHandler, executor), prefix + "-accept-" + i));
			}
			else if (datagramHandler != null) {
				this.threads.add(new Thread(() -> receiveLoop(socket, datagramHandler), prefix + "-receive-" + i));
			}
		}
		if (this.threads.isEmpty()) {
			return;
		}
		running();
		for (Thread thread : this.threads) {
			thread.setDaemon(false);
			thread.start();
		}
	}

	/** Closes the listen sockets, so new connections are refused, and ends the loops. */
	@Override
	protected void stopAcceptingConnections() {
		closeListener();
		List<Thread> loops;
		synchronized (this) {
			loops = List.copyOf(this.threads);
		}
		// Closing the socket ends a loop's accept() or receive(). An interrupt there would close a
		// connection that accept() took at that very moment (ClosedByInterruptException), and its
		// client would see a reset: only a loop still waiting after that (for a permit, or in
		// backoff) is interrupted. Then only served connections are open.
		try {
			for (Thread loop : loops) {
				loop.join(CLOSE_EXIT_MILLIS);
				if (loop.isAlive()) {
					loop.interrupt();
					loop.join(LOOP_EXIT_MILLIS);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	protected int closeOpenConnections() {
		int closed = 0;
		for (BlockingConnection connection : this.connections) {
			if (!connection.isClosed()) {
				closeQuietly(connection, CloseReason.SHUTDOWN);
				closed++;
			}
		}
		return closed;
	}

	/** Closes the pipeline's deadlines and the executor. */
	@Override
	protected void closed() {
		this.pipeline.close();
		EngineExecutors.close(this.executor, "listener '" + listener().name() + "'");
	}

	/**
	 * Accepts until stopped. Out of descriptors no class file can be opened, so the failure path
	 * uses nothing loaded lazily (the socket's name is formatted up front).
	 * <p>
	 * With one socket the loop takes a connection's permit before accept(), so at the limit the
	 * kernel's backlog holds the rest. With several (an unspec listener's IPv4 and IPv6 sockets) it
	 * takes it after: a permit held by a loop whose socket gets no connection would keep the others
	 * below {@code connection.max}. Each loop then holds at most one accepted connection until a
	 * permit is free.
	 */
	private void acceptLoop(ListenSocket socket, ConnectionHandler handler, Executor executor) {
		String name = socket.toString();
		boolean permitFirst = listener().sockets().size() == 1;
		Backoff backoff = new Backoff();
		ClientLimits limits = this.settings.pipeline().limits();
		long ratePause = 0;
		try {
			while (!isStopping()) {
				if (ratePause > 0) {
					// over limits.max-accept-rate: the next accept() waits, the kernel's backlog holding the rest
					this.sleeper.sleep(TimeUnit.NANOSECONDS.toMillis(ratePause + 999_999));
					ratePause = 0;
				}
				if (permitFirst) {
					this.permits.acquire();
				}
				// counted before accept(), so a graceful stop cannot miss a connection being accepted
				opened();
				BlockingConnection connection;
				try {
					SocketChannel accepted = this.acceptor.accept(socket);
					connection = (accepted != null) ? connection(socket, accepted) : null;
				}
				catch (IOException ex) {
					releaseSlot(permitFirst);
					if (!socket.isOpen()) {
						loopEnded(socket, ex);
						return;
					}
					long millis = backoff.next(events().acceptFailed(socket, ex));
					if (logger.isDebugEnabled()) {
						logger.debug("accept() failed on " + name + ", retrying in " + millis + " ms", ex);
					}
					if (millis > 0) {
						this.sleeper.sleep(millis);
					}
					continue;
				}
				catch (Throwable ex) {
					releaseSlot(permitFirst);
					throw ex;
				}
				backoff.reset();
				if (connection == null) {
					releaseSlot(permitFirst);
					continue;
				}
				ratePause = limits.accepted();
				if (!permitFirst && !awaitPermit(connection)) {
					break;
				}
				if (!this.pipeline.admits(connection)) {
					release(connection, CloseReason.REJECTED);
					continue;
				}
				dispatch(connection, handler, executor);
			}
		}
		catch (InterruptedException ex) {
			// stopping
		}
		catch (RuntimeException | Error ex) {
			loopEnded(socket, ex);
			throw ex;
		}
		loopEnded(socket, null);
	}

	/**
	 * Waits for a permit for a connection already accepted.
	 * @return false when stopped while waiting: the connection is then refused as at shutdown
	 */
	private boolean awaitPermit(BlockingConnection connection) {
		try {
			this.permits.acquire();
			connection.resetIdleClock();
			return true;
		}
		catch (InterruptedException ex) {
			connection.events().refused(RejectReason.SHUTDOWN);
			closeQuietly(connection, CloseReason.SHUTDOWN);
			releaseSlot(false);
			return false;
		}
	}

	private boolean sleep(long millis) {
		try {
			this.sleeper.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			return false;
		}
	}

	private void dispatch(BlockingConnection connection, ConnectionHandler handler, Executor executor) {
		this.connections.add(connection);
		try {
			executor.execute(() -> serve(connection, handler));
		}
		catch (RejectedExecutionException ex) {
			// no thread to serve it: a limit, unless the executor has stopped with the listener
			connection.events().closing(isStopping() ? CloseReason.SHUTDOWN : CloseReason.LIMIT);
			connection.events().refused(isStopping() ? RejectReason.SHUTDOWN : RejectReason.ERROR);
			release(connection, CloseReason.LIMIT);
		}
		catch (RuntimeException | Error ex) {
			connection.events().closing(CloseReason.LIMIT);
			connection.events().refused(RejectReason.ERROR);
			release(connection, CloseReason.LIMIT);
			throw ex;
		}
	}

	private void serve(BlockingConnection connection, ConnectionHandler handler) {
		try {
			SocketChannel channel = connection.channel();
			// a unix connection has neither option
			boolean tcp = connection.localAddress() instanceof InetSocketAddress;
			if (tcp && this.settings.tcpNoDelay()) {
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			}
			if (tcp && this.settings.keepAlive()) {
				channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
			}
		}
		catch (IOException ex) {
			// setsockopt fails on a connection the peer has already reset
			connection.events().closing(CloseReason.RESET);
			if (connection.isOpen()) {
				connection.events().refused(RejectReason.ERROR);
			}
			release(connection, CloseReason.RESET);
			return;
		}
		try {
			if (!this.pipeline.open(connection)) {
				release(connection, CloseReason.REJECTED);
				return;
			}
		}
		catch (IOException ex) {
			release(connection, connection.events().stepFailed(ex));
			return;
		}
		catch (RuntimeException ex) {
			// a bug, not the peer: refused and counted, and the connection's slot freed all the same
			connection.events().refused(RejectReason.ERROR);
			if (!this.setupFailureLogged) {
				this.setupFailureLogged = true;
				logger.warn("Listener '" + listener().name() + "' failed to set up " + connection
						+ " (further failures are counted under rejected{reason=error})", ex);
			}
			release(connection, CloseReason.REJECTED);
			return;
		}
		CloseReason reason = CloseReason.EOF;
		try {
			handler.handle(connection);
		}
		catch (Throwable ex) {
			reason = connection.events().failed(ex, connection.isOpen(), connection);
			if (ex instanceof Error error) {
				throw error;
			}
		}
		finally {
			release(connection, reason);
		}
	}

	private void release(BlockingConnection connection, CloseReason reason) {
		closeQuietly(connection, reason);
		this.connections.remove(connection);
		releaseSlot(true);
	}

	/** A connection accepted, counted in the listener's events; closed again when setting it up fails. */
	private BlockingConnection connection(ListenSocket socket, SocketChannel accepted) throws IOException {
		try {
			return new BlockingConnection(events(), socket, accepted);
		}
		catch (IOException ex) {
			accepted.close();
			throw ex;
		}
	}

	private void releaseSlot(boolean permit) {
		if (permit) {
			this.permits.release();
		}
		ended();
	}

	private void receiveLoop(ListenSocket socket, DatagramHandler handler) {
		DatagramChannel channel = socket.datagramChannel();
		ByteBuffer buffer = ByteBuffer.allocateDirect(DATAGRAM_BUFFER_SIZE);
		BlockingDatagram datagram = new BlockingDatagram(events(), socket);
		Backoff backoff = new Backoff();
		while (!isStopping()) {
			buffer.clear();
			InetSocketAddress sender;
			try {
				sender = (InetSocketAddress) channel.receive(buffer);
			}
			catch (IOException ex) {
				if (!channel.isOpen()) {
					loopEnded(socket, ex);
					return;
				}
				if (!sleep(backoff.next(AcceptError.OTHER))) {
					break;
				}
				continue;
			}
			backoff.reset();
			buffer.flip();
			events().datagramReceived(socket, buffer.remaining());
			if (!events().admitsDatagram(socket, this.settings.pipeline().framing(), buffer.remaining())) {
				continue;
			}
			datagram.received(sender, buffer);
			try {
				handler.handle(datagram);
			}
			catch (Exception ex) {
				events().handlerFailed(socket, datagram, ex);
			}
			catch (Error ex) {
				events().handlerFailed(socket, datagram, ex);
				loopEnded(socket, ex);
				throw ex;
			}
		}
		loopEnded(socket, null);
	}

	private static void closeQuietly(BlockingConnection connection, CloseReason reason) {
		try {
			connection.close(reason);
		}
		catch (IOException ex) {
			logger.trace("Failed to close " + connection, ex);
		}
	}

}
