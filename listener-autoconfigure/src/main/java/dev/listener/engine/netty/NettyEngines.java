package dev.listener.engine.netty;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.listener.engine.ListenerEngineFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * The Netty engine's shared part: the transport, chosen once for every listener it serves, and
 * one group of event-loop threads, started with the first listener and shut down with the context.
 * Its threads are not daemons: like the blocking engine's accept threads, they keep the JVM alive
 * while it serves.
 */
public final class NettyEngines implements AutoCloseable {

	private final NettyTransport requested;

	private final int threads;

	private final ClassLoader classLoader;

	private final List<NettyChannelCustomizer> customizers;

	private @Nullable Transport transport;

	private @Nullable EventLoopGroup group;

	private boolean closed;

	/**
	 * Creates the engine; no thread runs before a listener starts.
	 * @param transport the transport asked for
	 * @param threads the number of event-loop threads
	 * @param classLoader where to look for the native transports
	 */
	public NettyEngines(NettyTransport transport, int threads, ClassLoader classLoader) {
		this(transport, threads, classLoader, List.of());
	}

	/**
	 * Creates the engine; no thread runs before a listener starts.
	 * @param transport the transport asked for
	 * @param threads the number of event-loop threads
	 * @param classLoader where to look for the native transports
	 * @param customizers adjust every listener's channels, in order
	 */
	public NettyEngines(NettyTransport transport, int threads, ClassLoader classLoader,
			List<NettyChannelCustomizer> customizers) {
		if (threads < 1) {
			throw new IllegalArgumentException("threads must be at least 1, was " + threads);
		}
		this.requested = transport;
		this.threads = threads;
		this.classLoader = classLoader;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Chooses the transport, once, before any listener starts.
	 * @param streams whether a stream listener is served, which io_uring cannot take
	 * @return the chosen transport
	 * @throws UnavailableTransportException when the transport asked for cannot be used here
	 */
	public synchronized NettyTransport select(boolean streams) {
		Transport transport = choose(streams);
		this.transport = transport;
		return switch (transport.name()) {
			case "epoll" -> NettyTransport.EPOLL;
			case "io_uring" -> NettyTransport.IO_URING;
			default -> NettyTransport.NIO;
		};
	}

	private Transport choose(boolean streams) {
		switch (this.requested) {
			case NIO:
				return new NioTransport();
			case EPOLL: {
				String unavailable = EpollTransport.unavailability(this.classLoader);
				if (unavailable != null) {
					throw new UnavailableTransportException("epoll is not available here (" + unavailable
							+ "): add io.netty:netty-transport-native-epoll with the classifier of this platform "
							+ "(such as linux-x86_64), or choose nio or auto.");
				}
				return new EpollTransport();
			}
			case IO_URING: {
				if (streams) {
					throw new UnavailableTransportException("io_uring serves dgram listeners only: Netty's io_uring "
							+ "server channel cannot take the socket the listener bound. Choose epoll, nio or auto.");
				}
				String unavailable = IoUringTransport.unavailability(this.classLoader);
				if (unavailable != null) {
					throw new UnavailableTransportException("io_uring is not available here (" + unavailable
							+ "): add io.netty:netty-transport-native-io_uring with the classifier of this platform "
							+ "(such as linux-x86_64), or choose nio or auto.");
				}
				return new IoUringTransport();
			}
			default:
				// epoll first for every socket type: benchmarks/run.sh measured io_uring's datagrams at
				// 1.1-1.4x the server CPU of epoll's on this kind of machine (benchmarks/RESULTS.md)
				if (EpollTransport.unavailability(this.classLoader) == null) {
					return new EpollTransport();
				}
				if (!streams && IoUringTransport.unavailability(this.classLoader) == null) {
					return new IoUringTransport();
				}
				return new NioTransport();
		}
	}

	/**
	 * The engine of stream listeners served by an initializer.
	 * @param initializer adds the application's handlers to each connection
	 * @return the factory of their engines
	 */
	public ListenerEngineFactory connections(NettyConnectionInitializer initializer) {
		return (served) -> new NettyListenerEngine(served, this, initializer, null);
	}

	/**
	 * The engine of dgram listeners served by an initializer.
	 * @param initializer adds the application's handlers to each socket
	 * @return the factory of their engines
	 */
	public ListenerEngineFactory datagrams(NettyDatagramInitializer initializer) {
		return (served) -> new NettyListenerEngine(served, this, null, initializer);
	}

	synchronized Transport transport() {
		Transport transport = this.transport;
		if (transport == null) {
			transport = choose(false);
			this.transport = transport;
		}
		return transport;
	}

	List<NettyChannelCustomizer> customizers() {
		return this.customizers;
	}

	int threads() {
		return this.threads;
	}

	synchronized EventLoopGroup group() {
		if (this.closed) {
			throw new IllegalStateException("The Netty engine is closed");
		}
		EventLoopGroup group = this.group;
		if (group == null) {
			group = new MultiThreadIoEventLoopGroup(this.threads, new DefaultThreadFactory("listener-netty", false),
					transport().ioHandlerFactory());
			this.group = group;
		}
		return group;
	}

	/** Shuts the event loops down, once every listener has closed its channels. */
	@Override
	public synchronized void close() {
		this.closed = true;
		EventLoopGroup group = this.group;
		if (group != null) {
			group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
	}

	static boolean isPresent(String className, ClassLoader classLoader) {
		try {
			Class.forName(className, false, classLoader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** The transport asked for cannot be used here; the message says what to do. */
	public static final class UnavailableTransportException extends IllegalStateException {

		UnavailableTransportException(String message) {
			super(message);
		}

	}

}
