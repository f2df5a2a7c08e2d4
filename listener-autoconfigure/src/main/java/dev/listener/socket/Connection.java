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

import dev.listener.pipeline.Framing;
import org.jspecify.annotations.Nullable;

/**
 * An accepted stream connection, Go's {@code net.Conn}: reads and writes through it are counted,
 * and closing it records its lifetime in the listen socket's {@link SocketCounters}.
 */
public final class Connection implements ByteChannel {

	private final ListenSocket listenSocket;

	private final SocketChannel channel;

	private final SocketAddress remoteAddress;

	private final long openedNanos = System.nanoTime();

	private final AtomicBoolean closed = new AtomicBoolean();

	/** When a read or write last returned, for the idle timeout: one volatile write, no allocation. */
	private volatile long lastActivityNanos = this.openedNanos;

	private @Nullable InputStream inputStream;

	private @Nullable OutputStream outputStream;

	private @Nullable Frames frames;

	Connection(ListenSocket listenSocket, SocketChannel channel) throws IOException {
		this.listenSocket = listenSocket;
		this.channel = channel;
		this.remoteAddress = channel.getRemoteAddress();
		listenSocket.counters().connectionAccepted();
	}

	/**
	 * The accepted channel, for options and for what a {@code ByteChannel} cannot do. I/O done on
	 * it directly is neither counted nor seen by the idle timeout: read and write through this
	 * connection or its streams.
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
	 * The peer's address: an {@link java.net.InetSocketAddress}, or a
	 * {@link java.net.UnixDomainSocketAddress} on a unix listener (usually unnamed, an empty path:
	 * clients rarely bind).
	 * @return the peer's address
	 */
	public SocketAddress remoteAddress() {
		return this.remoteAddress;
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

	@Override
	public int read(ByteBuffer destination) throws IOException {
		int read = this.channel.read(destination);
		this.lastActivityNanos = System.nanoTime();
		if (read > 0) {
			this.listenSocket.counters().bytesReceived(read);
		}
		return read;
	}

	@Override
	public int write(ByteBuffer source) throws IOException {
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

	@Override
	public String toString() {
		return Addresses.format(this.remoteAddress) + " -> " + Addresses.format(localAddress());
	}

}
