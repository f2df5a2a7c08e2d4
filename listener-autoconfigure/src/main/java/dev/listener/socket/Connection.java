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
