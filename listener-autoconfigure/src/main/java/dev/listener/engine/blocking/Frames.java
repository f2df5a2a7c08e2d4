package dev.listener.engine.blocking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;

import dev.listener.handler.FrameTooLongException;
import dev.listener.handler.MalformedFrameException;
import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.Framing;
import org.jspecify.annotations.Nullable;

/**
 * A connection's frames on the blocking engine: reads through {@link BlockingConnection#read(ByteBuffer)}
 * into one buffer that starts small, grows with the bytes that have arrived (never to a length a
 * header announces before its bytes are there), never past the limit plus the bytes that end a
 * frame, and shrinks back before the connection waits for more: an idle connection holds a small
 * buffer. When the buffer fills, it grows at once to what the socket has waiting, so a large frame
 * is read in as few calls as the socket allows. Writes through {@link BlockingConnection#write(ByteBuffer)},
 * a small frame in one call. One reading thread and one writing thread at a time.
 * <p>
 * Without framing ({@link Framing#NONE}, for a message handler) a message is what has arrived at
 * once, up to {@link #CHUNK_LIMIT} bytes; the small buffer is then a direct one, so that a read
 * and the echo of what it returned go to the socket without a copy through the JDK's temporary
 * direct buffers (a heap buffer's bytes are copied into one on every read and write), and so is
 * the large one it grows into while a large message arrives. It is one of the shared ones
 * ({@link ReadBuffers#takeSmall()}), which {@link #release()} gives back when the connection ends.
 */
final class Frames {

	/** The size of the read buffer while nothing more than a small frame is waiting. */
	static final int INITIAL_SIZE = 512;

	/** The write buffer's size: a frame, its header and its end up to this are written in one call. */
	private static final int BUFFER_SIZE = 8192;

	/** The largest message without framing: what one read returns, at most. */
	static final int CHUNK_LIMIT = 65536;

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

	/** The connection's own small buffer, {@link #in} except while a large message arrives. */
	private final ByteBuffer small;

	/** How many bytes after the read buffer's position were searched for the end already. */
	private int scanned;

	/** The last chunk returned, a view of {@link #viewOf} from its start, and that buffer. */
	private @Nullable ByteBuffer view;

	private @Nullable ByteBuffer viewOf;

	/** Allocated with the first write. */
	private @Nullable ByteBuffer out;

	/** Whether a frame was refused (too long, malformed): the connection is closed, the frame counted once. */
	private boolean refused;

	/** Whether its buffers were given back: nothing more is read. */
	private boolean released;

	Frames(BlockingConnection connection, Framing framing) {
		this.connection = connection;
		this.framing = framing;
		this.line = framing.type() == Framing.Type.LINE;
		this.end = this.line ? new byte[] { LF } : framing.delimiter();
		this.slack = this.line ? 1 : Math.max(0, this.end.length - 1);
		this.capacity = framing.isOn() ? framing.maxFrameSize() + this.slack
				+ Math.max(this.end.length, (framing.type() == Framing.Type.LENGTH_FIELD) ? framing.lengthField().length() : 0)
				: CHUNK_LIMIT;
		this.terminator = framing.terminator();
		this.small = framing.isOn() ? ByteBuffer.allocate(Math.min(INITIAL_SIZE, this.capacity)) : ReadBuffers.takeSmall();
		this.in = this.small.flip();
	}

	/**
	 * @return the next frame, or {@code null} at the end of the stream (a partial frame before it is
	 * dropped)
	 */
	byte @Nullable [] read() throws IOException {
		ByteBuffer frame = next();
		if (frame == null) {
			return null;
		}
		byte[] bytes = new byte[frame.remaining()];
		frame.get(bytes);
		return bytes;
	}

	/**
	 * The next frame without a copy: a view of the read buffer, valid until the next call.
	 * @return the frame (without framing, what has arrived), or {@code null} at the end of the
	 * stream (a partial frame before it is dropped)
	 */
	@Nullable ByteBuffer next() throws IOException {
		if (this.refused || this.released) {
			// what is buffered still holds that frame: it is not refused, nor counted, again; a
			// released buffer may be another connection's now
			throw new ClosedChannelException();
		}
		return switch (this.framing.type()) {
			case NONE -> readChunk();
			case LENGTH_FIELD -> readLengthField();
			default -> readDelimited();
		};
	}

	/** What has arrived: one read, and a second one at once when the first filled the buffer. */
	private @Nullable ByteBuffer readChunk() throws IOException {
		if (!this.in.hasRemaining() && !fill(1)) {
			return null;
		}
		if (this.in.limit() == usable(this.in) && this.in.limit() < this.capacity) {
			int waiting = this.connection.available();
			if (waiting > 0) {
				compact();
				grow(this.in.position() + waiting);
				this.connection.read(this.in);
				this.in.flip();
			}
		}
		ByteBuffer chunk = view();
		this.in.position(this.in.limit());
		return chunk;
	}

	/**
	 * A view of what is buffered, which starts at the read buffer's start (the buffer is compacted
	 * before each read): the last view again, reset as a new one would be (position 0, limit and
	 * capacity the length, no mark, big-endian), when it has the same length over the same buffer,
	 * so that a stream of like messages allocates nothing per message.
	 */
	private ByteBuffer view() {
		ByteBuffer view = this.view;
		int length = this.in.remaining();
		if (view != null && this.viewOf == this.in && this.in.position() == 0 && view.capacity() == length) {
			return view.clear().order(ByteOrder.BIG_ENDIAN);
		}
		view = this.in.slice();
		boolean fromStart = this.in.position() == 0;
		this.view = fromStart ? view : null;
		this.viewOf = fromStart ? this.in : null;
		return view;
	}

	private @Nullable ByteBuffer readDelimited() throws IOException {
		while (true) {
			int end = indexOfEnd();
			if (end >= 0) {
				int length = end - this.in.position();
				if (this.line && length > 0 && this.in.get(end - 1) == CR) {
					length--;
				}
				if (this.framing.isTooLong(length)) {
					throw tooLong();
				}
				ByteBuffer frame = this.in.slice(this.in.position(), length);
				this.in.position(end + this.end.length);
				this.scanned = 0;
				return frame;
			}
			// no end yet among more bytes than the longest frame and what may still end it
			if (this.framing.isTooLong(this.in.remaining() - this.slack)) {
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

	private @Nullable ByteBuffer readLengthField() throws IOException {
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
		long announced = value - (field.includesLength() ? header : 0);
		if (value < 0 || this.framing.isTooLong(announced)) {
			throw tooLong();
		}
		if (announced < 0) {
			throw malformed("A length field of " + value + " counts less than the " + header
					+ " bytes of the field itself (framing.length-field.includes-length is true)");
		}
		int length = (int) announced;
		if (!fill(header + length)) {
			return null;
		}
		at = this.in.position();
		ByteBuffer frame = this.in.slice(at + header, length);
		this.in.position(at + header + length);
		return frame;
	}

	/**
	 * Reads until at least {@code needed} bytes are buffered. The buffer grows only when it is full,
	 * and then by what has arrived (at least doubling): a length field announcing more than has
	 * arrived reserves nothing for it. Before a read that would wait, a large buffer holding little
	 * is given up for a small one.
	 * @return false at the end of the stream
	 */
	private boolean fill(int needed) throws IOException {
		while (this.in.remaining() < needed) {
			compact();
			if (!this.in.hasRemaining()) {
				grow(Math.min(needed, Math.max(2 * this.in.capacity(), this.in.position() + this.connection.available())));
			}
			else if (this.in != this.small && this.in.position() <= this.small.capacity() / 2
					&& this.connection.available() == 0) {
				shrink();
			}
			int read = this.connection.read(this.in);
			this.in.flip();
			if (read < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * In write mode: a larger buffer, for at least {@code wanted} bytes if the limit allows, taken
	 * from the shared ones (of its size class: never past the limit, which a frame is checked
	 * against anyway), direct when the small one is.
	 */
	private void grow(int wanted) {
		int size = Math.min(this.capacity, Math.max(wanted, this.in.position() + 1));
		if (size > usable(this.in)) {
			ByteBuffer larger = ReadBuffers.take(size, this.small.isDirect());
			larger.limit(usable(larger));
			larger.put(this.in.flip());
			release(this.in);
			this.in = larger;
		}
	}

	/** To write mode, with room up to the limit at most: a shared buffer may be larger. */
	private void compact() {
		this.in.compact();
		this.in.limit(usable(this.in));
	}

	private int usable(ByteBuffer buffer) {
		return Math.min(buffer.capacity(), this.capacity);
	}

	/** In write mode: what is buffered back into the small buffer, the large one given back. */
	private void shrink() {
		ByteBuffer large = this.in;
		this.small.clear();
		this.small.put(large.flip());
		this.in = this.small;
		release(large);
	}

	private void release(ByteBuffer buffer) {
		if (buffer != this.small) {
			if (buffer == this.viewOf) {
				// a view would keep a dropped buffer, or see another connection's bytes
				this.view = null;
				this.viewOf = null;
			}
			ReadBuffers.give(buffer);
		}
	}

	/**
	 * Gives its read buffers back to the shared ones, the small one too without framing: the
	 * connection reads no more, and the last frame's view is no longer used (its handler has
	 * returned). Reading then fails as on a closed channel.
	 */
	void release() {
		if (this.released) {
			return;
		}
		this.released = true;
		release(this.in);
		this.in = this.small;
		this.view = null;
		this.viewOf = null;
		if (this.small.isDirect()) {
			ReadBuffers.give(this.small);
		}
	}

	/** @return the read buffer's size (what of it may be used), for tests */
	int bufferSize() {
		return usable(this.in);
	}

	/** Counts the frame, closes the connection: its peer sends frames this listener refuses. */
	private FrameTooLongException tooLong() throws IOException {
		this.refused = true;
		this.connection.close(this.connection.events().frameRejected(FrameRejection.TOO_LONG));
		return new FrameTooLongException(this.framing.maxFrameSize());
	}

	/** Counts the frame, closes the connection: what follows a broken frame cannot be framed. */
	private MalformedFrameException malformed(String message) throws IOException {
		this.refused = true;
		this.connection.close(this.connection.events().frameRejected(FrameRejection.MALFORMED));
		return new MalformedFrameException(message);
	}

	void write(ByteBuffer frame) throws IOException {
		int length = frame.remaining();
		int header = (this.framing.type() == Framing.Type.LENGTH_FIELD) ? this.framing.lengthField().length() : 0;
		this.framing.checkReply(length);
		if (header + length + this.terminator.length <= BUFFER_SIZE) {
			ByteBuffer out = this.out;
			if (out == null) {
				out = ByteBuffer.allocate(BUFFER_SIZE).order(this.framing.lengthField().order());
				this.out = out;
			}
			out.clear();
			putHeader(out, length);
			out.put(frame).put(this.terminator).flip();
			writeFully(out);
		}
		else {
			ByteBuffer before = ByteBuffer.allocate(header).order(this.framing.lengthField().order());
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
