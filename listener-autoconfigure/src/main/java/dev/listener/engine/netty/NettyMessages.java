package dev.listener.engine.netty;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import dev.listener.engine.EngineExecutors;
import dev.listener.handler.MessageHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DuplexChannel;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MessageHandler} on the Netty engine, as the initializers that add it to each
 * connection (or dgram socket) after the starter's handlers: one {@link MessageChannelHandler}
 * per listener, shared by its channels.
 */
public final class NettyMessages {

	private NettyMessages() {
	}

	/**
	 * The initializer of a stream listener's connections.
	 * @param handler the message handler
	 * @param blocking creates the executor of a blocking handler (once, with the first message),
	 * {@code null} to run it on the event loops; it is closed with the listener
	 * @return the initializer
	 */
	public static NettyConnectionInitializer connections(MessageHandler handler, @Nullable Supplier<Executor> blocking) {
		return new Initializer(handler, blocking, false);
	}

	/**
	 * The initializer of a dgram listener's sockets.
	 * @param handler the message handler
	 * @param blocking creates the executor of a blocking handler, {@code null} to run it on the
	 * event loops; it is closed with the listener
	 * @return the initializer
	 */
	public static NettyDatagramInitializer datagrams(MessageHandler handler, @Nullable Supplier<Executor> blocking) {
		return new Initializer(handler, blocking, true);
	}

	/** Adds the listener's one handler to each connection, or to each dgram socket. */
	private static final class Initializer implements NettyConnectionInitializer, NettyDatagramInitializer, AutoCloseable {

		private final MessageChannelHandler handler;

		private final @Nullable LazyExecutor blocking;

		Initializer(MessageHandler handler, @Nullable Supplier<Executor> blocking, boolean datagram) {
			LazyExecutor executor = (blocking != null) ? new LazyExecutor(blocking) : null;
			this.handler = new MessageChannelHandler(handler, executor, datagram);
			this.blocking = executor;
		}

		@Override
		public void initChannel(DuplexChannel channel) {
			channel.pipeline().addLast(this.handler);
		}

		@Override
		public void initChannel(DatagramChannel channel) {
			channel.pipeline().addLast(this.handler);
		}

		@Override
		public void close() {
			LazyExecutor blocking = this.blocking;
			if (blocking != null) {
				blocking.close();
			}
		}

	}

	/** The executor of a blocking handler: created with the first message, closed with the listener. */
	private static final class LazyExecutor implements Supplier<Executor> {

		private final Supplier<Executor> factory;

		private @Nullable Executor executor;

		private boolean closed;

		LazyExecutor(Supplier<Executor> factory) {
			this.factory = factory;
		}

		@Override
		public synchronized Executor get() {
			if (this.closed) {
				throw new RejectedExecutionException("The listener has closed");
			}
			Executor executor = this.executor;
			if (executor == null) {
				executor = this.factory.get();
				this.executor = executor;
			}
			return executor;
		}

		synchronized void close() {
			this.closed = true;
			EngineExecutors.close(this.executor, "a blocking message handler");
		}

	}

}
