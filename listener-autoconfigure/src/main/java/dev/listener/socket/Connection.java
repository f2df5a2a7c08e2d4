package dev.listener.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import dev.listener.pipeline.Framing;
import org.jspecify.annotations.Nullable;

/**
 * An accepted stream connection, Go's {@code net.Conn}: reads and writes through it are counted,
 * and closing it records its lifetime in the listen socket's {@link SocketCounters}.
 */
public final class Connection implements ByteChannel {

	private final ListenSocket listenSocket;

	private final SocketChannel channel;

	private final SocketAddress peerAddress;

	/** The peer's address, or the client's from a PROXY protocol header; read by other threads' logs. */
	private volatile SocketAddress remoteAddress;

	/** Bytes read past a PROXY protocol header, returned by the next reads before the channel's. */
	private @Nullable ByteBuffer pushback;

	private final long openedNanos = System.nanoTime();

	private final AtomicBoolean closed = new AtomicBoolean();

	/** When a read or write last returned, for the idle timeout: one volatile write, no allocation. */
	private volatile long lastActivityNanos = this.openedNanos;

	/**
	 * TLS over the socket once its handshake has started; reads and writes then go through it. Set
	 * on the serving thread before the handler runs, so a plain field: no volatile read per read.
	 */
	private @Nullable TlsChannel tls;

	private @Nullable InputStream inputStream;

	private @Nullable OutputStream outputStream;

	private @Nullable Frames frames;

	Connection(ListenSocket listenSocket, SocketChannel channel) throws IOException {
		this.listenSocket = listenSocket;
		this.channel = channel;
		this.peerAddress = channel.getRemoteAddress();
		this.remoteAddress = this.peerAddress;
		listenSocket.counters().connectionAccepted();
	}

	/**
	 * The accepted channel, for options and for what a {@code ByteChannel} cannot do. I/O done on
	 * it directly is neither counted nor seen by the idle timeout, and on a TLS listener it carries
	 * the encrypted records: read and write through this connection or its streams.
	 * @return the accepted channel
	 */
	public SocketChannel channel() {
		return this.channel;
	}

	/** @return the listen socket that accepted it */
	public ListenSocket listenSocket() {
		return this.listenSocket;
	}

	/** @return the listener's name */
	public String listenerName() {
		return this.listenSocket.listenerName();
	}

	/**
	 * The client's address: the peer's (an {@link java.net.InetSocketAddress}, or a
	 * {@link java.net.UnixDomainSocketAddress} on a unix listener, usually unnamed, an empty path:
	 * clients rarely bind), or, when the listener reads the PROXY protocol, the client's address from
	 * the header its balancer sent (the peer's when the header carries none, as a balancer's health
	 * check does).
	 * @return the client's address
	 */
	public SocketAddress remoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * The address of the other end of the TCP connection: the same as {@link #remoteAddress()},
	 * except behind a balancer that sends the PROXY protocol, where this is the balancer's.
	 * @return the peer's address
	 */
	public SocketAddress peerAddress() {
		return this.peerAddress;
	}

	/**
	 * Records the client's address a PROXY protocol header gave, and the bytes read after the header,
	 * which the next reads return before the channel's. For the starter's connection pipeline,
	 * before the handler runs; the bytes are already counted as received.
	 * @param client the client's address from the header
	 * @param unread the bytes after the header, from position to limit (copied)
	 */
	public void proxied(SocketAddress client, ByteBuffer unread) {
		this.remoteAddress = client;
		unread(unread);
	}

	/**
	 * Gives back bytes read from the channel before the handler ran (the look at the first bytes
	 * that finds no PROXY protocol header); the next reads return them before the channel's.
	 * @param unread the bytes, from position to limit (copied); already counted as received
	 */
	public void unread(ByteBuffer unread) {
		if (unread.hasRemaining()) {
			ByteBuffer copy = ByteBuffer.allocate(unread.remaining());
			copy.put(unread).flip();
			this.pushback = copy;
		}
	}

	/** @return the local end, the listen socket's address */
	public SocketAddress localAddress() {
		return this.listenSocket.localAddress();
	}

	/**
	 * A stream over this connection, counted like {@link #read(ByteBuffer)}; created once.
	 * @return the input stream
	 */
	public InputStream inputStream() {
		InputStream stream = this.inputStream;
		if (stream == null) {
			stream = Channels.newInputStream(this);
			this.inputStream = stream;
		}
		return stream;
	}

	/**
	 * A stream over this connection, counted like {@link #write(ByteBuffer)}; created once.
	 * @return the output stream
	 */
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
	public void startTls(SSLEngine engine) throws IOException {
		TlsChannel tls = new TlsChannel(engine, new Wire());
		this.tls = tls;
		tls.handshake();
	}

	/**
	 * The TLS session of a listener with {@code listener.ssl.bundle}: the negotiated protocol
	 * ({@code getProtocol()}), cipher suite ({@code getCipherSuite()}) and the client's
	 * certificates ({@code getPeerCertificates()}, when it sent them).
	 * @return the session, or {@code null} on a plain connection
	 */
	public @Nullable SSLSession tlsSession() {
		TlsChannel tls = this.tls;
		return (tls != null) ? tls.session() : null;
	}

	/**
	 * Splits this connection's stream into frames from now on. The engine calls it from the
	 * listener's {@code listener.framing.*} before the handler runs; handlers need not.
	 * @param framing how frames are delimited, and their limit
	 */
	public void useFraming(Framing framing) {
		this.frames = framing.isOn() ? new Frames(this, framing) : null;
	}

	/**
	 * @return whether {@link #readFrame()} and {@link #writeFrame(byte[])} work: the listener sets
	 * {@code listener.framing.type}
	 */
	public boolean isFramed() {
		return this.frames != null;
	}

	/**
	 * Reads the next whole frame as {@code listener.framing.*} delimits it: a line without its line
	 * end, a frame without its delimiter or its length field. Reads go through
	 * {@link #read(ByteBuffer)}, so they are counted; at most {@code max-frame-size} bytes (plus what
	 * ends a frame) are buffered.
	 * @return the frame, or {@code null} at the end of the stream (a partial frame before it is
	 * dropped)
	 * @throws FrameTooLongException when a frame is longer than {@code max-frame-size}: it is counted
	 * and this connection is closed
	 * @throws MalformedFrameException when a frame breaks the framing rules (a length that counts
	 * less than its own field): it is counted and this connection is closed
	 * @throws IOException when reading fails
	 * @throws IllegalStateException when the listener has no framing
	 */
	public byte @Nullable [] readFrame() throws IOException {
		return frames().read();
	}

	/**
	 * Writes a frame the way {@link #readFrame()} reads one: after its length field, or followed by
	 * the line ending or the delimiter. The frame is written as it is: one holding the delimiter
	 * reads back as two. {@code max-frame-size} limits what is read, not what is written.
	 * @param frame the frame
	 * @throws IOException when writing fails
	 * @throws IllegalArgumentException when the frame is too long for the length field
	 * @throws IllegalStateException when the listener has no framing
	 */
	public void writeFrame(byte[] frame) throws IOException {
		writeFrame(ByteBuffer.wrap(frame));
	}

	/**
	 * Writes a frame, its remaining bytes, as {@link #writeFrame(byte[])} does.
	 * @param frame the frame
	 * @throws IOException when writing fails
	 */
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

	/**
	 * How long no read or write has returned, for idle timeouts.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return the idle time in nanoseconds
	 */
	public long idleNanos(long nowNanos) {
		return nowNanos - this.lastActivityNanos;
	}

	/**
	 * Starts the idle clock again. The engine calls it when a connection accepted ahead of its slot
	 * (on a listener of several sockets at {@code connection.max}) starts being served, so that the
	 * time it waited for the slot does not count as idle.
	 */
	public void resetIdleClock() {
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
			this.listenSocket.counters().bytesReceived(read);
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
			this.listenSocket.counters().bytesSent(written);
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
	public void close(CloseReason reason) throws IOException {
		TlsChannel tls = this.tls;
		if (tls != null && reason == CloseReason.EOF && !this.closed.get() && this.channel.isOpen()) {
			// before the close counts, so that a write stuck on a peer that reads nothing can still
			// be ended by the idle timeout closing the channel
			tls.closeNotify();
		}
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.channel.close();
			}
			finally {
				this.listenSocket.counters().connectionClosed(reason, System.nanoTime() - this.openedNanos);
			}
		}
	}

	/** @return whether it was closed through {@link #close(CloseReason)} */
	public boolean isClosed() {
		return this.closed.get();
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
			return Connection.this.channel.isOpen();
		}

		@Override
		public void close() throws IOException {
			Connection.this.channel.close();
		}

	}

	@Override
	public String toString() {
		return Addresses.format(this.remoteAddress) + " -> " + Addresses.format(localAddress());
	}

}
