package dev.listener.engine.blocking;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLSession;

import dev.listener.engine.AbstractMessageContext;
import dev.listener.handler.Connection;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.Datagram;
import dev.listener.handler.DatagramHandler;
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
			// the receive loop's one datagram has one context: nothing is allocated per datagram
			DatagramContext context = (datagram instanceof BlockingDatagram blocking) ? blocking.messageContext()
					: new DatagramContext(datagram);
			context.handle(handler);
		};
	}

	private static void serve(MessageHandler handler, Connection connection) throws Exception {
		if (!(connection instanceof BlockingConnection blocking)) {
			throw new IllegalArgumentException("Not a connection of the blocking engine: " + connection);
		}
		new StreamContext(blocking, blocking.framesOrNull()).serve(handler);
	}

	/** A connection as its message handler sees it. */
	private static final class StreamContext extends AbstractMessageContext {

		private final BlockingConnection connection;

		private final @Nullable Frames frames;

		private boolean closed;

		StreamContext(BlockingConnection connection, @Nullable Frames frames) {
			this.connection = connection;
			this.frames = frames;
		}

		/**
		 * Hands each message to the handler, until the connection ends or the handler closes it;
		 * without framing, through a {@link Frames} of its own, whose shared buffer goes back then.
		 */
		void serve(MessageHandler handler) throws Exception {
			Frames framed = this.frames;
			if (framed != null) {
				serve(handler, framed);
				return;
			}
			Frames chunks = new Frames(this.connection, Framing.NONE);
			try {
				serve(handler, chunks);
			}
			finally {
				chunks.release();
			}
		}

		private void serve(MessageHandler handler, Frames reader) throws Exception {
			for (ByteBuffer message = reader.next(); message != null; message = reader.next()) {
				handle(handler, message);
				if (this.closed) {
					this.connection.close();
					return;
				}
			}
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
		protected void write(ByteBuffer reply) throws IOException {
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

	/** A datagram's sender as the message handler sees it; a datagram starts with no state. */
	static final class DatagramContext extends AbstractMessageContext {

		private final Datagram datagram;

		DatagramContext(Datagram datagram) {
			this.datagram = datagram;
		}

		void handle(MessageHandler handler) throws Exception {
			clearState();
			handle(handler, this.datagram.payload());
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
		protected void write(ByteBuffer reply) throws IOException {
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
