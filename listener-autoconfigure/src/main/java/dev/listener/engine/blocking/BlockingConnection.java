package dev.listener.engine.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import dev.listener.engine.CloseReason;
import dev.listener.engine.ConnectionEvents;
import dev.listener.engine.ListenerEvents;
import dev.listener.handler.Connection;
import dev.listener.pipeline.Framing;
import dev.listener.socket.Addresses;
import dev.listener.socket.ListenSocket;
import org.jspecify.annotations.Nullable;

/**
 * An accepted stream connection, Go's {@code net.Conn}: reads and writes through it are counted,
 * and closing it records its lifetime in the listen socket's counters. The engine's hooks (the
 * PROXY header, TLS, framing, the idle clock, a close for a reason) are package-private: a handler
 * holds it as a {@link Connection} and cannot reach them.
 */
final class BlockingConnection implements Connection {

	private final ListenSocket listenSocket;

	private final SocketChannel channel;

	/** Bytes read past a PROXY protocol header, returned by the next reads before the channel's. */
	private @Nullable ByteBuffer pushback;

	/** Its events: counted, closed once with one reason, told to the hooks. */
	private final ConnectionEvents events;

	/** When a read or write last returned, for the idle timeout: one volatile write, no allocation. */
	private volatile long lastActivityNanos;

	/**
	 * TLS over the socket once its handshake has started; reads and writes then go through it. Set
	 * on the serving thread before the handler runs, so a plain field: no volatile read per read.
	 */
	private @Nullable TlsChannel tls;

	private @Nullable InputStream inputStream;

	private @Nullable OutputStream outputStream;

	private @Nullable Frames frames;

	/** The socket's stream, asked how many bytes have arrived (FIONREAD); not for reading. */
	private @Nullable InputStream waiting;

	/** Whether the socket cannot say how many bytes have arrived (a unix socket has no stream). */
	private boolean waitingUnknown;

	BlockingConnection(ListenerEvents events, ListenSocket listenSocket, SocketChannel channel) throws IOException {
		this.listenSocket = listenSocket;
		this.channel = channel;
		SocketAddress peer = channel.getRemoteAddress();
		this.events = events.accepted(listenSocket, peer);
		this.lastActivityNanos = this.events.startNanos();
	}

	/**
	 * Accepts a connection, counted as accepted in the listener's events.
	 * @param events the listener's events
	 * @param socket the listen socket
	 * @return the connection, or {@code null} when none is pending on a non-blocking socket
	 * @throws IOException when accept() fails
	 */
	static @Nullable BlockingConnection accept(ListenerEvents events, ListenSocket socket) throws IOException {
		SocketChannel accepted = socket.accept();
		if (accepted == null) {
			return null;
		}
		try {
			return new BlockingConnection(events, socket, accepted);
		}
		catch (IOException ex) {
			accepted.close();
			throw ex;
		}
	}

	/** @return its events, which the engine reports to */
	ConnectionEvents events() {
		return this.events;
	}

	@Override
	public SocketChannel channel() {
		return this.channel;
	}

	/** @return the listen socket that accepted it, for the engine (a handler sees its name and address) */
	ListenSocket listenSocket() {
		return this.listenSocket;
	}

	@Override
	public String listenerName() {
		return this.listenSocket.listenerName();
	}

	@Override
	public SocketAddress remoteAddress() {
		return this.events.clientAddress();
	}

	@Override
	public SocketAddress peerAddress() {
		return this.events.remoteAddress();
	}

	/**
	 * Gives back bytes read from the channel before the handler ran (the look at the first bytes
	 * that finds no PROXY protocol header); the next reads return them before the channel's.
	 * @param unread the bytes, from position to limit (copied); already counted as received
	 */
	void unread(ByteBuffer unread) {
		if (unread.hasRemaining()) {
			ByteBuffer copy = ByteBuffer.allocate(unread.remaining());
			copy.put(unread).flip();
			this.pushback = copy;
		}
	}

	@Override
	public SocketAddress localAddress() {
		return this.listenSocket.localAddress();
	}

	@Override
	public InputStream inputStream() {
		InputStream stream = this.inputStream;
		if (stream == null) {
			stream = Channels.newInputStream(this);
			this.inputStream = stream;
		}
		return stream;
	}

	@Override
	public OutputStream outputStream() {
		OutputStream stream = this.outputStream;
		if (stream == null) {
			stream = Channels.newOutputStream(this);
			this.outputStream = stream;
		}
		return stream;
	}

	/**
	 * Runs the server side of a TLS handshake on the calling thread; then reads and writes through
	 * this connection and its streams carry plaintext. The engine runs it for a listener with
	 * {@code listener.ssl.bundle}, before the handler.
	 * @param engine a server-mode engine
	 * @throws IOException when the handshake fails or the peer goes away
	 */
	void startTls(SSLEngine engine) throws IOException {
		TlsChannel tls = new TlsChannel(engine, new Wire());
		this.tls = tls;
		tls.handshake();
	}

	@Override
	public @Nullable SSLSession tlsSession() {
		TlsChannel tls = this.tls;
		return (tls != null) ? tls.session() : null;
	}

	@Override
	public @Nullable String tlsApplicationProtocol() {
		TlsChannel tls = this.tls;
		String protocol = (tls != null) ? tls.applicationProtocol() : null;
		return (protocol != null && !protocol.isEmpty()) ? protocol : null;
	}

	/**
	 * Splits this connection's stream into frames from now on. The engine calls it from the
	 * listener's {@code listener.framing.*} before the handler runs; handlers need not.
	 * @param framing how frames are delimited, and their limit
	 */
	void useFraming(Framing framing) {
		this.frames = framing.isOn() ? new Frames(this, framing) : null;
	}

	@Override
	public boolean isFramed() {
		return this.frames != null;
	}

	@Override
	public byte @Nullable [] readFrame() throws IOException {
		return frames().read();
	}

	@Override
	public void writeFrame(byte[] frame) throws IOException {
		writeFrame(ByteBuffer.wrap(frame));
	}

	@Override
	public void writeFrame(ByteBuffer frame) throws IOException {
		frames().write(frame);
	}

	private Frames frames() {
		Frames frames = this.frames;
		if (frames == null) {
			throw new IllegalStateException("Listener '" + listenerName() + "' has no framing: set "
					+ "listener.framing.type (line, length-field or delimiter) to read and write frames");
		}
		return frames;
	}

	/** @return the frames of a listener with framing, else {@code null} */
	@Nullable Frames framesOrNull() {
		return this.frames;
	}

	/**
	 * How many bytes a read returns without waiting, as far as the socket can say: those given
	 * back, plus those arrived on the socket (records still to decrypt, with TLS). For sizing a
	 * read buffer, not for reading: 0 when the socket cannot say.
	 * @return the bytes waiting
	 */
	int available() {
		ByteBuffer pushback = this.pushback;
		int waiting = (pushback != null) ? pushback.remaining() : 0;
		if (this.waitingUnknown) {
			return waiting;
		}
		try {
			InputStream stream = this.waiting;
			if (stream == null) {
				stream = this.channel.socket().getInputStream();
				this.waiting = stream;
			}
			return waiting + stream.available();
		}
		catch (UnsupportedOperationException | java.nio.channels.IllegalBlockingModeException ex) {
			this.waitingUnknown = true;
			return waiting;
		}
		catch (IOException ex) {
			// closed, or reset: the next read says so
			return waiting;
		}
	}

	/**
	 * How long no read or write has returned, for idle timeouts.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return the idle time in nanoseconds
	 */
	long idleNanos(long nowNanos) {
		return nowNanos - this.lastActivityNanos;
	}

	/**
	 * Starts the idle clock again. The engine calls it when a connection accepted ahead of its slot
	 * (on a listener of several sockets at {@code connection.max}) starts being served, so that the
	 * time it waited for the slot does not count as idle.
	 */
	void resetIdleClock() {
		this.lastActivityNanos = System.nanoTime();
	}

	/**
	 * Reads plaintext: through TLS when it is on. The bytes counted are the bytes on the wire, as
	 * on the Netty engine, so {@code listener.data.received} includes the TLS records' overhead.
	 */
	@Override
	public int read(ByteBuffer destination) throws IOException {
		TlsChannel tls = this.tls;
		return (tls != null) ? tls.read(destination) : readWire(destination);
	}

	/**
	 * Writes plaintext: through TLS when it is on; the bytes counted are the bytes on the wire.
	 */
	@Override
	public int write(ByteBuffer source) throws IOException {
		TlsChannel tls = this.tls;
		return (tls != null) ? tls.write(source) : writeWire(source);
	}

	/** The lowest level: every byte from the socket comes through here, counted. */
	private int readWire(ByteBuffer destination) throws IOException {
		ByteBuffer pushback = this.pushback;
		if (pushback != null) {
			this.lastActivityNanos = System.nanoTime();
			return readPushback(pushback, destination);
		}
		int read = this.channel.read(destination);
		this.lastActivityNanos = System.nanoTime();
		if (read > 0) {
			this.events.bytesReceived(read);
		}
		return read;
	}

	/**
	 * The lowest level of reading, below any TLS: bytes given back by the pipeline come first, and
	 * were counted when they were read from the channel.
	 */
	private int readPushback(ByteBuffer pushback, ByteBuffer destination) {
		int count = Math.min(pushback.remaining(), destination.remaining());
		int limit = pushback.limit();
		destination.put(pushback.limit(pushback.position() + count));
		pushback.limit(limit);
		if (!pushback.hasRemaining()) {
			this.pushback = null;
		}
		return count;
	}

	/** The lowest level: every byte to the socket goes through here, counted. */
	private int writeWire(ByteBuffer source) throws IOException {
		int written = this.channel.write(source);
		this.lastActivityNanos = System.nanoTime();
		if (written > 0) {
			this.events.bytesSent(written);
		}
		return written;
	}

	@Override
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	/**
	 * Closes the connection as an orderly end ({@link CloseReason#EOF}), unless it was already
	 * closed; only the first close counts.
	 */
	@Override
	public void close() throws IOException {
		close(CloseReason.EOF);
	}

	/**
	 * Closes the connection and counts it closed for a reason; only the first close counts, so a
	 * connection the idle sweeper closed stays closed for {@code idle} when its handler then fails.
	 * @param reason how it ended
	 * @throws IOException when closing the channel fails
	 */
	void close(CloseReason reason) throws IOException {
		TlsChannel tls = this.tls;
		if (tls != null && reason == CloseReason.EOF && !this.events.isClosed() && this.channel.isOpen()) {
			// before the close counts, so that a write stuck on a peer that reads nothing can still
			// be ended by the idle timeout closing the channel
			tls.closeNotify();
		}
		this.events.closing(reason);
		if (!this.events.isClosed()) {
			try {
				this.channel.close();
			}
			finally {
				this.events.closed(reason);
			}
		}
	}

	@Override
	public boolean isClosed() {
		return this.events.isClosed();
	}

	/** The socket below TLS, counted and timed like plain reads and writes. */
	private final class Wire implements ByteChannel {

		@Override
		public int read(ByteBuffer destination) throws IOException {
			return readWire(destination);
		}

		@Override
		public int write(ByteBuffer source) throws IOException {
			return writeWire(source);
		}

		@Override
		public boolean isOpen() {
			return BlockingConnection.this.channel.isOpen();
		}

		@Override
		public void close() throws IOException {
			BlockingConnection.this.channel.close();
		}

	}

	@Override
	public String toString() {
		return Addresses.format(remoteAddress()) + " -> " + Addresses.format(localAddress());
	}

}
