package dev.listener.engine.blocking;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

import javax.net.ssl.SSLSession;

import dev.listener.engine.MessageState;
import dev.listener.handler.Connection;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.Datagram;
import dev.listener.handler.DatagramHandler;
import dev.listener.handler.MessageContext;
import dev.listener.handler.MessageHandler;
import dev.listener.pipeline.Framing;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MessageHandler} on the blocking engine: a connection's thread reads each message (a
 * frame from the connection's {@link Frames}, or what has arrived, through a {@link Frames} without
 * framing, which owns the read buffer) and hands it to the handler as a view of that buffer, with
 * no copy; a reply is written before {@code reply} returns, so a client that does not read blocks
 * the writing thread, and with it the reading of that connection. A dgram listener hands each
 * datagram to it on the receive loop.
 */
public final class MessageConnections {

	private static final Log logger = LogFactory.getLog(MessageConnections.class);

	private MessageConnections() {
	}

	/**
	 * The handler of a stream listener's connections.
	 * @param handler the message handler
	 * @return a connection handler that reads messages and hands each to it
	 */
	public static ConnectionHandler connections(MessageHandler handler) {
		return (connection) -> serve(handler, connection);
	}

	/**
	 * The handler of a dgram listener's datagrams.
	 * @param handler the message handler
	 * @return a datagram handler that hands each datagram to it
	 */
	public static DatagramHandler datagrams(MessageHandler handler) {
		return (datagram) -> {
			DatagramContext context = new DatagramContext(datagram);
			context.state.handling(true);
			try {
				handler.handle(datagram.payload(), context);
			}
			finally {
				context.state.handling(false);
			}
		};
	}

	private static void serve(MessageHandler handler, Connection connection) throws Exception {
		if (!(connection instanceof BlockingConnection blocking)) {
			throw new IllegalArgumentException("Not a connection of the blocking engine: " + connection);
		}
		Frames framed = blocking.framesOrNull();
		Frames frames = (framed != null) ? framed : new Frames(blocking, Framing.NONE);
		StreamContext context = new StreamContext(blocking, framed);
		for (ByteBuffer message = frames.next(); message != null; message = frames.next()) {
			context.state.handling(true);
			try {
				handler.handle(message, context);
			}
			finally {
				context.state.handling(false);
			}
			if (context.closed) {
				blocking.close();
				return;
			}
		}
	}

	/** A connection as its message handler sees it. */
	private static final class StreamContext implements MessageContext {

		private final BlockingConnection connection;

		private final @Nullable Frames frames;

		final MessageState state = new MessageState();

		boolean closed;

		StreamContext(BlockingConnection connection, @Nullable Frames frames) {
			this.connection = connection;
			this.frames = frames;
		}

		@Override
		public String listenerName() {
			return this.connection.listenerName();
		}

		@Override
		public SocketAddress remoteAddress() {
			return this.connection.remoteAddress();
		}

		@Override
		public SocketAddress peerAddress() {
			return this.connection.peerAddress();
		}

		@Override
		public SocketAddress localAddress() {
			return this.connection.localAddress();
		}

		@Override
		public @Nullable SSLSession tlsSession() {
			return this.connection.tlsSession();
		}

		@Override
		public boolean isDatagram() {
			return false;
		}

		@Override
		public <T> T state(Supplier<? extends T> initial) {
			return this.state.get(initial);
		}

		@Override
		public void reply(ByteBuffer reply) throws IOException {
			this.state.checkReplying();
			Frames frames = this.frames;
			if (frames != null) {
				frames.write(reply);
				return;
			}
			while (reply.hasRemaining()) {
				this.connection.write(reply);
			}
		}

		@Override
		public void close() {
			this.closed = true;
		}

		@Override
		public String toString() {
			return this.connection.toString();
		}

	}

	/** A datagram's sender as the message handler sees it. */
	private static final class DatagramContext implements MessageContext {

		private final Datagram datagram;

		final MessageState state = new MessageState();

		DatagramContext(Datagram datagram) {
			this.datagram = datagram;
		}

		@Override
		public String listenerName() {
			return this.datagram.listenerName();
		}

		@Override
		public SocketAddress remoteAddress() {
			return this.datagram.sender();
		}

		@Override
		public SocketAddress peerAddress() {
			return this.datagram.sender();
		}

		@Override
		public SocketAddress localAddress() {
			return this.datagram.localAddress();
		}

		@Override
		public @Nullable SSLSession tlsSession() {
			return null;
		}

		@Override
		public boolean isDatagram() {
			return true;
		}

		@Override
		public <T> T state(Supplier<? extends T> initial) {
			return this.state.get(initial);
		}

		@Override
		public void reply(ByteBuffer reply) throws IOException {
			this.state.checkReplying();
			this.datagram.reply(reply);
		}

		@Override
		public void close() {
			if (logger.isTraceEnabled()) {
				logger.trace("close() on a datagram from " + this.datagram.sender() + ": nothing to close");
			}
		}

		@Override
		public String toString() {
			return this.datagram.toString();
		}

	}

}
