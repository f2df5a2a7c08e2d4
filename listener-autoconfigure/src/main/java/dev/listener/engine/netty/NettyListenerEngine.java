package dev.listener.engine.netty;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.listener.engine.AcceptError;
import dev.listener.engine.Backoff;
import dev.listener.engine.CloseReason;
import dev.listener.engine.ConnectionEvents;
import dev.listener.engine.EngineLifecycle;
import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.ListenSocket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Serves one listener on the event loops: takes over its bound sockets (see {@link Transport}),
 * accepts with a starter-owned handler that holds the connection limit by turning autoRead off on
 * the server channels (the kernel backlog holds the rest) and pauses after a failed accept (EMFILE,
 * ENFILE) instead of spinning, and gives each connection the starter's counting handler, then the
 * application's handlers, then the starter's failure handler.
 */
final class NettyListenerEngine extends EngineLifecycle {

	private static final Log logger = LogFactory.getLog(NettyListenerEngine.class);

	private static final long CLOSE_WAIT_MILLIS = 1000;

	private final ServerSettings settings;

	private final NettyEngines engines;

	private final @Nullable NettyConnectionInitializer connections;

	private final @Nullable NettyDatagramInitializer datagrams;

	private final long idleTimeoutNanos;

	private final NettyPipeline pipeline;

	/** The server or dgram channels: written by start(), read by the event loops. */
	private final List<Channel> channels = new CopyOnWriteArrayList<>();


	private final Set<Channel> children = ConcurrentHashMap.newKeySet();

	private final Runnable resume = this::updateAccepting;

	private @Nullable EventLoopGroup group;

	/** The engine's transport, set by start() before any channel is registered. */
	private @Nullable Transport transport;

	/**
	 * The one event loop of the listener's server channels: accepting is turned on and off only
	 * there, so the limit holds across every socket of the listener (epoll only clears its read
	 * interest at once when asked on the channel's own loop).
	 */
	private @Nullable EventLoop acceptLoop;

	/** Accepting paused after a failed accept(), until the pause ends. */
	private volatile boolean pausedForError;

	/** The accept loop's pause after a failed accept(), as the blocking engine's; on the accept loop only. */
	private final Backoff backoff = new Backoff();

	/** Accepting paused for limits.max-accept-rate, until the pause ends; on the accept loop only. */
	private boolean pausedForRate;

	NettyListenerEngine(ServedListener served, NettyEngines engines, @Nullable NettyConnectionInitializer connections,
			@Nullable NettyDatagramInitializer datagrams) {
		super(served, true);
		this.settings = served.settings();
		this.engines = engines;
		this.connections = connections;
		this.datagrams = datagrams;
		Duration idleTimeout = this.settings.idleTimeout();
		this.idleTimeoutNanos = (idleTimeout != null) ? idleTimeout.toNanos() : 0;
		this.pipeline = new NettyPipeline(this.settings.pipeline());
	}

	@Override
	public boolean isServing() {
		return true;
	}

	@Override
	public String engineName() {
		return "netty (" + this.engines.transport().name() + ")";
	}

	@Override
	public @Nullable String tlsProvider() {
		return this.pipeline.tlsProvider();
	}

	@Override
	public String describe() {
		int threads = this.engines.threads();
		String engine = "on netty (" + this.engines.transport().name() + ", " + threads + " event-loop thread"
				+ ((threads != 1) ? "s" : "") + ")";
		if (this.datagrams != null) {
			return "serving datagrams " + engine;
		}
		// TLS once, among the pipeline's steps, with the implementation Netty uses
		return "serving " + engine + " " + this.settings.describe(this.pipeline.tlsProviderName());
	}

	@Override
	public synchronized void start() {
		if (!this.channels.isEmpty() || isStopping()) {
			return;
		}
		Transport transport = this.engines.transport();
		this.transport = transport;
		EventLoopGroup group = this.engines.group();
		this.group = group;
		EventLoop acceptLoop = group.next();
		this.acceptLoop = acceptLoop;
		List<ChannelFuture> registrations = new ArrayList<>();
		try {
			for (ListenSocket socket : listener().sockets()) {
				Channel channel = (this.connections != null) ? serverChannel(transport, socket)
						: datagramChannel(transport, socket);
				this.channels.add(channel);
				channel.closeFuture().addListener((future) -> channelClosed(socket));
				registrations.add((this.connections != null) ? acceptLoop.register(channel) : group.register(channel));
			}
			for (ChannelFuture registration : registrations) {
				registration.syncUninterruptibly();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Netty cannot take over the sockets of " + listener(), ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Netty cannot serve " + listener(), ex);
		}
		// a socket registered last may have missed the limit reached through the others
		onAcceptLoop(this.resume);
		running();
	}

	private Channel serverChannel(Transport transport, ListenSocket socket) throws IOException {
		ServerChannel channel = transport.serverChannel(socket);
		channel.attr(NettyConnectionInitializer.LISTEN_SOCKET).set(socket);
		if (transport.acceptsInBatches()) {
			((MaxMessagesRecvByteBufAllocator) channel.config().getRecvByteBufAllocator()).maxMessagesPerRead(1);
		}
		channel.pipeline().addLast(NettyHandlerNames.ACCEPT, new AcceptHandler(this, socket));
		for (NettyChannelCustomizer customizer : this.engines.customizers()) {
			customizer.customizeListenChannel(channel);
		}
		return channel;
	}

	private Channel datagramChannel(Transport transport, ListenSocket socket) throws Exception {
		Channel channel = transport.datagramChannel(socket);
		channel.attr(NettyConnectionInitializer.LISTEN_SOCKET).set(socket);
		channel.pipeline().addLast(NettyHandlerNames.DATAGRAMS, new DatagramCounter(events(), socket));
		this.pipeline.addDatagramHandlers(events(), socket, channel);
		NettyDatagramInitializer datagrams = this.datagrams;
		if (datagrams != null) {
			datagrams.initChannel((DatagramChannel) channel);
		}
		channel.pipeline().addLast(NettyHandlerNames.FAILURES, new FailureHandler(this, socket, false));
		for (NettyChannelCustomizer customizer : this.engines.customizers()) {
			customizer.customizeListenChannel(channel);
		}
		return channel;
	}

	/** A server channel accepted a connection: counts it toward the limit and registers it. */
	void accepted(ListenSocket socket, Channel child, FailureHandler failures) {
		this.backoff.reset();
		this.children.add(child);
		// counted toward the drain: one accepted while the engine stops is served, not refused
		if (opened() >= this.settings.maxConnections()) {
			updateAccepting();
		}
		long ratePause = this.settings.pipeline().limits().accepted();
		if (ratePause > 0) {
			pauseForRate(ratePause);
		}
		Transport transport = this.transport;
		ConnectionEvents events = events().accepted(socket,
				(transport != null) ? transport.remoteAddress(child) : child.remoteAddress());
		if (events.admit(this.pipeline.admits(socket, child)) != null) {
			refuse(events, child);
			return;
		}
		try {
			child.attr(NettyConnectionInitializer.LISTEN_SOCKET).set(socket);
			if (child instanceof SocketChannel) {
				// a unix connection has neither: not asked of it, as on the blocking engine
				child.config().setOption(ChannelOption.TCP_NODELAY, this.settings.tcpNoDelay());
				child.config().setOption(ChannelOption.SO_KEEPALIVE, this.settings.keepAlive());
			}
			child.pipeline()
				.addLast(NettyHandlerNames.CONNECTION, new ConnectionCounter(this, events, this.idleTimeoutNanos));
			this.pipeline.addHandlers(events, child);
			NettyConnectionInitializer connections = this.connections;
			if (connections != null) {
				connections.initChannel((DuplexChannel) child);
			}
			for (NettyChannelCustomizer customizer : this.engines.customizers()) {
				customizer.customizeConnection((DuplexChannel) child);
			}
			child.pipeline().addLast(NettyHandlerNames.FAILURES, failures);
		}
		catch (Throwable ex) {
			// an initializer that throws is the application's handler failing, as on the blocking engine
			events.failed(ex, true, child);
			refuse(events, child);
			return;
		}
		EventLoopGroup group = this.group;
		if (group == null) {
			events.refused(RejectReason.SHUTDOWN);
			refuse(events, child);
			return;
		}
		group.register(child).addListener((ChannelFuture future) -> {
			if (!future.isSuccess()) {
				events.refused(RejectReason.ERROR);
				if (future.channel().isRegistered()) {
					// its counting handler was added: it records the close
					future.channel().close();
				}
				else {
					refuse(events, future.channel());
				}
			}
		});
	}

	/** Closes a connection refused before its counting handler runs: its events record the close. */
	private void refuse(ConnectionEvents events, Channel child) {
		child.unsafe().closeForcibly();
		events.closed(CloseReason.REJECTED);
		connectionEnded(child);
	}

	/** A connection that {@link #accepted} registered has closed (its counter saw it go inactive). */
	void connectionEnded(Channel child) {
		this.children.remove(child);
		if (ended() == this.settings.maxConnections() - 1 && !isStopping()) {
			onAcceptLoop(this.resume);
		}
	}

	private void onAcceptLoop(Runnable task) {
		EventLoop acceptLoop = this.acceptLoop;
		if (acceptLoop != null) {
			try {
				acceptLoop.execute(task);
			}
			catch (RejectedExecutionException ex) {
				// shutting down: nothing to accept any more
			}
		}
	}

	/** accept() failed: counted by kind; out of descriptors, accepting pauses, doubling up to 1 s. */
	void acceptFailed(ListenSocket socket, Channel server, Throwable ex) {
		AcceptError error = events().acceptFailed(socket, ex);
		if (isStopping()) {
			return;
		}
		long pauseMillis = this.backoff.next(error);
		if (pauseMillis == 0) {
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("accept() failed on " + socket + ", pausing for " + pauseMillis + " ms", ex);
		}
		this.pausedForError = true;
		updateAccepting();
		server.eventLoop().schedule(() -> {
			this.pausedForError = false;
			updateAccepting();
		}, pauseMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Over limits.max-accept-rate: accepting pauses, the kernel's backlog holding the rest, as at
	 * the connection limit. Runs on the accept loop, which accepted the child.
	 */
	private void pauseForRate(long nanos) {
		EventLoop acceptLoop = this.acceptLoop;
		if (acceptLoop == null || this.pausedForRate) {
			return;
		}
		this.pausedForRate = true;
		updateAccepting();
		try {
			acceptLoop.schedule(() -> {
				this.pausedForRate = false;
				updateAccepting();
			}, nanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// shutting down: nothing to accept any more
		}
	}

	/**
	 * Accepts while under the limit, not paused and not stopping; autoRead says so to Netty. Runs on
	 * the accept loop only, where every server channel of the listener lives.
	 */
	private void updateAccepting() {
		boolean accept = !isStopping() && !this.pausedForError && !this.pausedForRate
				&& openConnections() < this.settings.maxConnections();
		for (Channel channel : this.channels) {
			if (channel.config().isAutoRead() != accept) {
				channel.config().setAutoRead(accept);
			}
		}
	}

	private void channelClosed(ListenSocket socket) {
		if (!isStopping()) {
			loopEnded(socket, new IllegalStateException("The channel of " + socket + " closed unexpectedly"));
		}
	}

	/**
	 * Turns accepting off and closes the server (or dgram) channels on the accept loop, where
	 * every accept runs: a connection accepted before is served, none is accepted after.
	 */
	@Override
	protected void stopAcceptingConnections() {
		EventLoop acceptLoop = this.acceptLoop;
		if (acceptLoop != null && !acceptLoop.inEventLoop()) {
			try {
				acceptLoop.submit(() -> closeChannels(false)).awaitUninterruptibly(CLOSE_WAIT_MILLIS);
			}
			catch (RejectedExecutionException ex) {
				// the event loops have shut down: nothing accepts any more
			}
		}
		// what the accept loop could not close (it had shut down), closed from here
		closeChannels(true);
		closeListener();
	}

	private void closeChannels(boolean await) {
		for (Channel channel : this.channels) {
			if (channel.isOpen()) {
				channel.config().setAutoRead(false);
				ChannelFuture closed = channel.close();
				if (await) {
					closed.awaitUninterruptibly(CLOSE_WAIT_MILLIS);
				}
			}
		}
	}

	/** Closes what an initializer holds beyond its connections (a blocking message handler's executor). */
	@Override
	protected void closed() {
		for (Object initializer : new Object[] { this.connections, this.datagrams }) {
			if (initializer instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					logger.debug("Failed to close the initializer of listener '" + listener().name() + "'", ex);
				}
			}
		}
	}

	@Override
	protected int closeOpenConnections() {
		List<ChannelFuture> closing = new ArrayList<>();
		for (Channel child : this.children) {
			ConnectionCounter counter = child.pipeline().get(ConnectionCounter.class);
			if (counter != null) {
				child.eventLoop().execute(() -> counter.closing(CloseReason.SHUTDOWN));
			}
			closing.add(child.close());
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
		for (ChannelFuture future : closing) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || !future.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
				break;
			}
		}
		return closing.size();
	}

}
