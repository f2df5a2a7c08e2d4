package dev.listener.engine.blocking;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import dev.listener.handler.TlsRecordException;
import org.jspecify.annotations.Nullable;

/**
 * TLS over a connection's socket with the JDK's {@link SSLEngine}: plaintext in and out, records
 * on the wire. An engine rather than a layered {@code SSLSocket} because a unix connection has
 * no {@code Socket}, and because the records are read through the connection, which counts them
 * and sees them for the idle timeout. A reader and a writer may run at once (the engine allows
 * it): each side has its own lock and buffer; about 50 KB per connection.
 */
final class TlsChannel {

	/** What a handshake step, an alert or close_notify wraps: nothing, never written to. */
	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final SSLEngine engine;

	private final ByteChannel wire;

	private final ReentrantLock readLock = new ReentrantLock();

	private final ReentrantLock writeLock = new ReentrantLock();

	/** Records read and not yet decrypted, kept in write mode. */
	private ByteBuffer inbound;

	/** Plaintext decrypted and not yet read, kept in write mode. */
	private ByteBuffer plaintext;

	private final ByteBuffer outbound;

	private boolean inboundDone;

	TlsChannel(SSLEngine engine, ByteChannel wire) {
		this.engine = engine;
		this.wire = wire;
		SSLSession session = engine.getSession();
		this.inbound = ByteBuffer.allocate(session.getPacketBufferSize());
		this.plaintext = ByteBuffer.allocate(session.getApplicationBufferSize());
		this.outbound = ByteBuffer.allocate(session.getPacketBufferSize());
	}

	SSLSession session() {
		return this.engine.getSession();
	}

	/** @return what ALPN agreed: empty for nothing, {@code null} before the handshake */
	@Nullable String applicationProtocol() {
		return this.engine.getApplicationProtocol();
	}

	/**
	 * Runs the server side of the handshake on the calling thread. On failure the alert the engine
	 * has for the peer is sent, best effort, so that the client says why.
	 * @throws IOException when the handshake fails or the peer goes away
	 */
	void handshake() throws IOException {
		this.readLock.lock();
		this.writeLock.lock();
		try {
			this.engine.beginHandshake();
			HandshakeStatus status = this.engine.getHandshakeStatus();
			while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
				switch (status) {
					case NEED_WRAP -> status = wrap(EMPTY).getHandshakeStatus();
					case NEED_TASK -> status = runTasks();
					default -> status = unwrapHandshake();
				}
			}
		}
		catch (SSLException ex) {
			sendAlert();
			throw ex;
		}
		finally {
			this.writeLock.unlock();
			this.readLock.unlock();
		}
	}

	private HandshakeStatus unwrapHandshake() throws IOException {
		SSLEngineResult result = unwrap(true);
		if (result.getStatus() == Status.CLOSED) {
			throw new SSLException("The peer closed TLS during the handshake");
		}
		return result.getHandshakeStatus();
	}

	private HandshakeStatus runTasks() {
		Runnable task;
		while ((task = this.engine.getDelegatedTask()) != null) {
			task.run();
		}
		return this.engine.getHandshakeStatus();
	}

	private void sendAlert() {
		try {
			this.engine.closeOutbound();
			wrap(EMPTY);
		}
		catch (IOException | RuntimeException ex) {
			// best effort: the connection is closed next anyway
		}
	}

	/**
	 * Decrypts the next record into the plaintext buffer, reading from the wire when no whole
	 * record is buffered.
	 * @param handshaking whether the end of the stream is a failure
	 */
	private SSLEngineResult unwrap(boolean handshaking) throws IOException {
		while (true) {
			this.inbound.flip();
			SSLEngineResult result;
			try {
				result = this.engine.unwrap(this.inbound, this.plaintext);
			}
			finally {
				this.inbound.compact();
			}
			if (result.getStatus() == Status.BUFFER_UNDERFLOW) {
				if (!this.inbound.hasRemaining()) {
					this.inbound = grow(this.inbound, this.engine.getSession().getPacketBufferSize());
				}
				if (this.wire.read(this.inbound) < 0) {
					if (handshaking) {
						throw new EOFException("The peer closed the connection during the TLS handshake");
					}
					this.inboundDone = true;
					return result;
				}
				continue;
			}
			if (result.getStatus() == Status.BUFFER_OVERFLOW) {
				this.plaintext = grow(this.plaintext, this.engine.getSession().getApplicationBufferSize());
				continue;
			}
			if (result.getStatus() == Status.CLOSED) {
				this.inboundDone = true;
			}
			return result;
		}
	}

	private static ByteBuffer grow(ByteBuffer buffer, int size) {
		ByteBuffer larger = ByteBuffer.allocate(Math.max(size, buffer.capacity() * 2));
		buffer.flip();
		larger.put(buffer);
		return larger;
	}

	/** Encrypts from the source and writes the records, whole. */
	private SSLEngineResult wrap(ByteBuffer source) throws IOException {
		this.outbound.clear();
		SSLEngineResult result = this.engine.wrap(source, this.outbound);
		this.outbound.flip();
		while (this.outbound.hasRemaining()) {
			this.wire.write(this.outbound);
		}
		return result;
	}

	int read(ByteBuffer destination) throws IOException {
		if (!destination.hasRemaining()) {
			return 0;
		}
		this.readLock.lock();
		try {
			while (this.plaintext.position() == 0) {
				if (this.inboundDone) {
					return -1;
				}
				SSLEngineResult result;
				try {
					result = unwrap(false);
				}
				catch (SSLException ex) {
					throw new TlsRecordException(ex);
				}
				// a TLS 1.3 key update asks for one in return; a TLS 1.2 renegotiation for a whole
				// handshake, run here until it needs the peer again, whose next records this loop reads
				answerHandshake(result.getHandshakeStatus());
			}
			this.plaintext.flip();
			int count = Math.min(this.plaintext.remaining(), destination.remaining());
			int limit = this.plaintext.limit();
			destination.put(this.plaintext.limit(this.plaintext.position() + count));
			this.plaintext.limit(limit).compact();
			return count;
		}
		finally {
			this.readLock.unlock();
		}
	}

	/**
	 * Runs what a handshake in the middle of the connection asks of this side (tasks, records to
	 * send) until it waits for the peer or is done. Dropping a NEED_WRAP after the tasks left
	 * client and server waiting on each other.
	 */
	private void answerHandshake(HandshakeStatus status) throws IOException {
		HandshakeStatus next = status;
		while (next == HandshakeStatus.NEED_TASK || next == HandshakeStatus.NEED_WRAP) {
			next = (next == HandshakeStatus.NEED_TASK) ? runTasks() : writeEmpty();
		}
	}

	private HandshakeStatus writeEmpty() throws IOException {
		this.writeLock.lock();
		try {
			return wrap(EMPTY).getHandshakeStatus();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	int write(ByteBuffer source) throws IOException {
		this.writeLock.lock();
		try {
			int consumed = 0;
			while (source.hasRemaining()) {
				SSLEngineResult result = wrap(source);
				if (result.getStatus() == Status.CLOSED) {
					throw new ClosedChannelException();
				}
				consumed += result.bytesConsumed();
			}
			return consumed;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Sends {@code close_notify} unless a write is in progress (it would interleave with a record);
	 * the write is bounded like any other, by the idle timeout closing the socket under it.
	 */
	void closeNotify() {
		if (!this.writeLock.tryLock()) {
			return;
		}
		try {
			this.engine.closeOutbound();
			wrap(EMPTY);
		}
		catch (IOException | RuntimeException ex) {
			// best effort
		}
		finally {
			this.writeLock.unlock();
		}
	}

}
