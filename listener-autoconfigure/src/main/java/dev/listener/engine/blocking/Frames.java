package dev.listener.engine.blocking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import dev.listener.engine.CloseReason;
import dev.listener.handler.FrameTooLongException;
import dev.listener.handler.MalformedFrameException;
import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.Framing;
import org.jspecify.annotations.Nullable;

/**
 * A connection's frames on the blocking engine: reads through {@link BlockingConnection#read(ByteBuffer)}
 * into one buffer that grows, as frames need it, to the limit plus the bytes that end a frame, and
 * never further; writes through {@link BlockingConnection#write(ByteBuffer)}, a small frame in one call.
 * One reading thread and one writing thread at a time.
 */
final class Frames {

	/** The first size of the read buffer, and the write buffer's size. */
	private static final int BUFFER_SIZE = 8192;

	private static final byte LF = '\n';

	private static final byte CR = '\r';

	private final BlockingConnection connection;

	private final Framing framing;

	private final boolean line;

	/** What ends a read frame: LF for lines (a CR before it is dropped), else the delimiter. */
	private final byte[] end;

	/** Bytes buffered past the limit that may still end a frame: a CR, or a delimiter but its last byte. */
	private final int slack;

	/** The read buffer never grows past this: the limit, the slack and the end (or the length field). */
	private final int capacity;

	/** What ends a written frame. */
	private final byte[] terminator;

	/** In read mode: the bytes read and not yet returned are between its position and its limit. */
	private ByteBuffer in;

	/** How many bytes after the read buffer's position were searched for the end already. */
	private int scanned;

	private final ByteBuffer out;

	/** Whether a frame was refused (too long, malformed): the connection is closed, the frame counted once. */
	private boolean refused;

	Frames(BlockingConnection connection, Framing framing) {
		this.connection = connection;
		this.framing = framing;
		this.line = framing.type() == Framing.Type.LINE;
		this.end = this.line ? new byte[] { LF } : framing.delimiter();
		this.slack = this.line ? 1 : Math.max(0, this.end.length - 1);
		this.capacity = framing.maxFrameSize() + this.slack
				+ Math.max(this.end.length, (framing.type() == Framing.Type.LENGTH_FIELD) ? framing.lengthField().length() : 0);
		this.terminator = framing.terminator();
		this.in = ByteBuffer.allocate(Math.min(BUFFER_SIZE, this.capacity)).flip();
		this.out = ByteBuffer.allocate(BUFFER_SIZE).order(framing.lengthField().order());
	}

	/**
	 * @return the next frame, or {@code null} at the end of the stream (a partial frame before it is
	 * dropped)
	 */
	byte @Nullable [] read() throws IOException {
		if (this.refused) {
			// what is buffered still holds that frame: it is not refused, nor counted, again
			throw new ClosedChannelException();
		}
		return (this.framing.type() == Framing.Type.LENGTH_FIELD) ? readLengthField() : readDelimited();
	}

	private byte @Nullable [] readDelimited() throws IOException {
		while (true) {
			int end = indexOfEnd();
			if (end >= 0) {
				int length = end - this.in.position();
				if (this.line && length > 0 && this.in.get(end - 1) == CR) {
					length--;
				}
				if (length > this.framing.maxFrameSize()) {
					throw tooLong();
				}
				byte[] frame = new byte[length];
				this.in.get(frame);
				this.in.position(end + this.end.length);
				this.scanned = 0;
				return frame;
			}
			if (this.in.remaining() > this.framing.maxFrameSize() + this.slack) {
				throw tooLong();
			}
			if (!fill(this.in.remaining() + 1)) {
				return null;
			}
		}
	}

	/** Searches the bytes not searched yet; remembers how far, so each byte is looked at about once. */
	private int indexOfEnd() {
		byte[] bytes = this.in.array();
		int last = this.in.limit() - this.end.length;
		for (int i = this.in.position() + this.scanned; i <= last; i++) {
			if (bytes[i] == this.end[0] && startsAt(bytes, i)) {
				return i;
			}
		}
		this.scanned = Math.max(0, this.in.remaining() - (this.end.length - 1));
		return -1;
	}

	private boolean startsAt(byte[] bytes, int index) {
		for (int j = 1; j < this.end.length; j++) {
			if (bytes[index + j] != this.end[j]) {
				return false;
			}
		}
		return true;
	}

	private byte @Nullable [] readLengthField() throws IOException {
		Framing.LengthField field = this.framing.lengthField();
		int header = field.length();
		if (!fill(header)) {
			return null;
		}
		this.in.order(field.order());
		int at = this.in.position();
		long value = switch (header) {
			case 1 -> Byte.toUnsignedLong(this.in.get(at));
			case 2 -> Short.toUnsignedLong(this.in.getShort(at));
			case 4 -> Integer.toUnsignedLong(this.in.getInt(at));
			default -> this.in.getLong(at);
		};
		// an 8-byte value past Long.MAX_VALUE is negative here, and too long in any case
		if (value < 0 || value - (field.includesLength() ? header : 0) > this.framing.maxFrameSize()) {
			throw tooLong();
		}
		int length = (int) value - (field.includesLength() ? header : 0);
		if (length < 0) {
			throw malformed("A length field of " + value + " counts less than the " + header
					+ " bytes of the field itself (framing.length-field.includes-length is true)");
		}
		if (!fill(header + length)) {
			return null;
		}
		byte[] frame = new byte[length];
		this.in.position(at + header);
		this.in.get(frame);
		return frame;
	}

	/**
	 * Reads until at least {@code needed} bytes are buffered.
	 * @return false at the end of the stream
	 */
	private boolean fill(int needed) throws IOException {
		while (this.in.remaining() < needed) {
			this.in.compact();
			if (this.in.capacity() < needed) {
				ByteBuffer larger = ByteBuffer.allocate(Math.min(this.capacity, Math.max(needed, 2 * this.in.capacity())));
				larger.put(this.in.flip());
				this.in = larger;
			}
			int read = this.connection.read(this.in);
			this.in.flip();
			if (read < 0) {
				return false;
			}
		}
		return true;
	}

	/** Counts the frame, closes the connection: its peer sends frames this listener refuses. */
	private FrameTooLongException tooLong() throws IOException {
		this.refused = true;
		this.connection.events().frameRejected(FrameRejection.TOO_LONG);
		this.connection.close(CloseReason.LIMIT);
		return new FrameTooLongException(this.framing.maxFrameSize());
	}

	/** Counts the frame, closes the connection: what follows a broken frame cannot be framed. */
	private MalformedFrameException malformed(String message) throws IOException {
		this.refused = true;
		this.connection.events().frameRejected(FrameRejection.MALFORMED);
		this.connection.close(CloseReason.REJECTED);
		return new MalformedFrameException(message);
	}

	void write(ByteBuffer frame) throws IOException {
		int length = frame.remaining();
		int header = (this.framing.type() == Framing.Type.LENGTH_FIELD) ? this.framing.lengthField().length() : 0;
		if (header > 0 && length > this.framing.lengthField().largestFrame()) {
			throw new IllegalArgumentException("A frame of " + length + " bytes is too long for a " + header
					+ "-byte length field");
		}
		if (header + length + this.terminator.length <= this.out.capacity()) {
			this.out.clear();
			putHeader(this.out, length);
			this.out.put(frame).put(this.terminator).flip();
			writeFully(this.out);
		}
		else {
			ByteBuffer before = ByteBuffer.allocate(header).order(this.out.order());
			putHeader(before, length);
			writeFully(before.flip());
			writeFully(frame);
			writeFully(ByteBuffer.wrap(this.terminator));
		}
	}

	private void putHeader(ByteBuffer target, int frameLength) {
		if (this.framing.type() != Framing.Type.LENGTH_FIELD) {
			return;
		}
		Framing.LengthField field = this.framing.lengthField();
		long value = frameLength + (field.includesLength() ? field.length() : 0);
		switch (field.length()) {
			case 1 -> target.put((byte) value);
			case 2 -> target.putShort((short) value);
			case 4 -> target.putInt((int) value);
			default -> target.putLong(value);
		}
	}

	private void writeFully(ByteBuffer buffer) throws IOException {
		while (buffer.hasRemaining()) {
			this.connection.write(buffer);
		}
	}

}
