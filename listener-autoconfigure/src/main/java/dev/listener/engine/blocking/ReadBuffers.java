package dev.listener.engine.blocking;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The large read buffers of the blocking engine's connections, shared: a connection takes one
 * while a large message arrives and gives it back before it waits again, so that an idle connection
 * holds none and a busy one does not allocate (and zero) a large buffer per message. Sizes are
 * powers of two from 1 KB to 64 KB, a few of each kept; a larger one is allocated and dropped. Heap
 * buffers (for framing, which searches the bytes) and direct ones (without framing: a read and the
 * echo of what it returned then go to the socket without a copy through the JDK's temporary direct
 * buffers) are kept apart.
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
		AtomicReferenceArray<ByteBuffer> pool = direct ? keptDirect : kept;
		int first = (shift - SMALLEST_SHIFT) * KEPT;
		for (int i = first; i < first + KEPT; i++) {
			if (pool.get(i) != null) {
				ByteBuffer buffer = pool.getAndSet(i, null);
				if (buffer != null) {
					return buffer.clear();
				}
			}
		}
		return direct ? ByteBuffer.allocateDirect(1 << shift) : ByteBuffer.allocate(1 << shift);
	}

	/**
	 * Gives a buffer back; one of a size not kept, or when enough of its size are kept, is dropped.
	 * @param buffer a buffer from {@link #take(int)}, no longer used
	 */
	static void give(ByteBuffer buffer) {
		int capacity = buffer.capacity();
		if (Integer.bitCount(capacity) != 1 || capacity < (1 << SMALLEST_SHIFT) || capacity > (1 << LARGEST_SHIFT)) {
			return;
		}
		AtomicReferenceArray<ByteBuffer> pool = buffer.isDirect() ? keptDirect : kept;
		int first = (Integer.numberOfTrailingZeros(capacity) - SMALLEST_SHIFT) * KEPT;
		for (int i = first; i < first + KEPT; i++) {
			if (pool.get(i) == null && pool.compareAndSet(i, null, buffer)) {
				return;
			}
		}
	}

	private static int shift(int size) {
		return Math.max(SMALLEST_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(1, size) - 1));
	}

}
