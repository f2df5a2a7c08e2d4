package dev.listener.test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A unix stream connection. A unix channel has no read timeout, so it reads through a selector,
 * and writes in blocking mode between reads.
 */
final class UnixTransport implements Transport {

	private final SocketChannel channel;

	private final Selector selector;

	private UnixTransport(SocketChannel channel, Selector selector) {
		this.channel = channel;
		this.selector = selector;
	}

	static UnixTransport connect(UnixDomainSocketAddress address) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			channel.connect(address);
			channel.configureBlocking(false);
			Selector selector = Selector.open();
			channel.register(selector, SelectionKey.OP_READ);
			return new UnixTransport(channel, selector);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	@Override
	public void write(byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			if (this.channel.write(buffer) == 0) {
				LockSupport.parkNanos(100_000); // the peer is not reading: wait for room
			}
		}
	}

	@Override
	public int read(byte[] buffer, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			int read = this.channel.read(ByteBuffer.wrap(buffer));
			if (read != 0) {
				return read;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new SocketTimeoutException("Read timed out");
			}
			this.selector.select(Math.max(1, left / 1_000_000));
			this.selector.selectedKeys().clear();
		}
	}

	@Override
	public boolean isDatagram() {
		return false;
	}

	@Override
	public void close() throws IOException {
		try {
			this.selector.close();
		}
		finally {
			this.channel.close();
		}
	}

}
