package dev.listener.engine.blocking;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * The large read buffers of the blocking engine's connections, shared: a connection takes one
 * while a large message arrives and gives it back before it waits again, so that an idle connection
 * holds none and a busy one does not allocate (and zero) a large buffer per message. Sizes are
 * powers of two from 1 KB to 64 KB, a few of each kept; a larger one is allocated and dropped. Heap
 * buffers (for framing, which searches the bytes) and direct ones (without framing: a read and the
 * echo of what it returned then go to the socket without a copy through the JDK's temporary direct
 * buffers) are kept apart.
 * <p>
 * The small direct buffer that a connection without framing holds while it lives ({@link #SMALL}
 * bytes) is kept too, more of them: a direct buffer costs a native allocation, its zeroing and a
 * cleaner that the GC processes, which a short connection would otherwise pay each time.
 */
final class ReadBuffers {

	private static final int SMALLEST_SHIFT = 10;

	private static final int LARGEST_SHIFT = 16;

	/** Kept per size: what a few connections reading large messages at once need. */
	private static final int KEPT = 8;

	private static final AtomicReferenceArray<ByteBuffer> kept = new AtomicReferenceArray<>(
			(LARGEST_SHIFT - SMALLEST_SHIFT + 1) * KEPT);

	private static final AtomicReferenceArray<ByteBuffer> keptDirect = new AtomicReferenceArray<>(
			(LARGEST_SHIFT - SMALLEST_SHIFT + 1) * KEPT);

	/** The size of the small direct buffer a connection without framing holds. */
	static final int SMALL = Frames.INITIAL_SIZE;

	/** Small direct buffers kept: what the connections that come and go at once hold. */
	private static final int KEPT_SMALL = 32;

	private static final AtomicReferenceArray<ByteBuffer> keptSmall = new AtomicReferenceArray<>(KEPT_SMALL);

	private ReadBuffers() {
	}

	/**
	 * A cleared heap buffer of at least {@code size} bytes, and of the size class it falls in.
	 * @param size the bytes needed
	 * @return the buffer
	 */
	static ByteBuffer take(int size) {
		return take(size, false);
	}

	/**
	 * A cleared buffer of at least {@code size} bytes, and of the size class it falls in; one larger
	 * than the largest class is a heap buffer of that size, direct or not (a direct one would hold
	 * its memory until a GC finds it dropped).
	 * @param size the bytes needed
	 * @param direct whether a direct buffer is wanted
	 * @return the buffer
	 */
	static ByteBuffer take(int size, boolean direct) {
		int shift = shift(size);
		if (shift > LARGEST_SHIFT) {
			return ByteBuffer.allocate(size);
		}
		ByteBuffer buffer = take(direct ? keptDirect : kept, (shift - SMALLEST_SHIFT) * KEPT, KEPT);
		if (buffer != null) {
			return buffer;
		}
		return direct ? ByteBuffer.allocateDirect(1 << shift) : ByteBuffer.allocate(1 << shift);
	}

	/**
	 * A cleared direct buffer of {@link #SMALL} bytes, for {@link #give(ByteBuffer)} when the
	 * connection ends.
	 * @return the buffer
	 */
	static ByteBuffer takeSmall() {
		ByteBuffer buffer = take(keptSmall, 0, KEPT_SMALL);
		return (buffer != null) ? buffer : ByteBuffer.allocateDirect(SMALL);
	}

	private static @Nullable ByteBuffer take(AtomicReferenceArray<ByteBuffer> pool, int first, int count) {
		for (int i = first; i < first + count; i++) {
			if (pool.get(i) != null) {
				ByteBuffer buffer = pool.getAndSet(i, null);
				if (buffer != null) {
					return buffer.clear();
				}
			}
		}
		return null;
	}

	/**
	 * Gives a buffer back; one of a size not kept, or when enough of its size are kept, is dropped.
	 * @param buffer a buffer from {@link #take(int)} or {@link #takeSmall()}, no longer used
	 */
	static void give(ByteBuffer buffer) {
		int capacity = buffer.capacity();
		if (capacity == SMALL && buffer.isDirect()) {
			give(keptSmall, 0, KEPT_SMALL, buffer);
			return;
		}
		if (Integer.bitCount(capacity) != 1 || capacity < (1 << SMALLEST_SHIFT) || capacity > (1 << LARGEST_SHIFT)) {
			return;
		}
		give(buffer.isDirect() ? keptDirect : kept, (Integer.numberOfTrailingZeros(capacity) - SMALLEST_SHIFT) * KEPT,
				KEPT, buffer);
	}

	private static void give(AtomicReferenceArray<ByteBuffer> pool, int first, int count, ByteBuffer buffer) {
		for (int i = first; i < first + count; i++) {
			if (pool.get(i) == null && pool.compareAndSet(i, null, buffer)) {
				return;
			}
		}
	}

	private static int shift(int size) {
		return Math.max(SMALLEST_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(1, size) - 1));
	}

}
