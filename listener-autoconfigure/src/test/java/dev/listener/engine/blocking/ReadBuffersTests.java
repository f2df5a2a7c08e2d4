package dev.listener.engine.blocking;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The blocking engine's shared large read buffers. */
class ReadBuffersTests {

	@Test
	void aBufferIsOfThePowerOfTwoItsSizeFallsInAndComesBackClearedOnceGivenBack() {
		ByteBuffer taken = ReadBuffers.take(5000);
		assertThat(taken.capacity()).isEqualTo(8192);
		taken.put((byte) 1);
		ReadBuffers.give(taken);
		ByteBuffer again = ReadBuffers.take(8000);
		assertThat(again).isSameAs(taken);
		assertThat(again.position()).isZero();
		assertThat(again.remaining()).isEqualTo(8192);
	}

	@Test
	void aBufferLargerThanSixtyFourKilobytesIsOfItsOwnSizeAndNotKept() {
		ByteBuffer large = ReadBuffers.take(100_000);
		assertThat(large.capacity()).isEqualTo(100_000);
		ReadBuffers.give(large);
		assertThat(ReadBuffers.take(100_000)).isNotSameAs(large);
	}

	@Test
	void aDirectBufferIsKeptApartFromTheHeapOnesAndComesBackDirect() {
		ByteBuffer direct = ReadBuffers.take(20_000, true);
		assertThat(direct.isDirect()).isTrue();
		assertThat(direct.capacity()).isEqualTo(32768);
		ReadBuffers.give(direct);
		ByteBuffer heap = ReadBuffers.take(20_000);
		assertThat(heap.isDirect()).isFalse();
		assertThat(heap).isNotSameAs(direct);
		assertThat(ReadBuffers.take(20_000, true)).isSameAs(direct);
	}

	@Test
	void theSmallDirectBufferOfAConnectionWithoutFramingIsKeptOnceGivenBackAndComesBackCleared() {
		ByteBuffer small = ReadBuffers.takeSmall();
		assertThat(small.isDirect()).isTrue();
		assertThat(small.capacity()).isEqualTo(Frames.INITIAL_SIZE);
		small.put((byte) 1);
		ReadBuffers.give(small);
		ByteBuffer again = ReadBuffers.takeSmall();
		assertThat(again).isSameAs(small);
		assertThat(again.position()).isZero();
		assertThat(again.remaining()).isEqualTo(Frames.INITIAL_SIZE);
		assertThat(ReadBuffers.take(Frames.INITIAL_SIZE, true)).as("not a buffer of the shared large ones")
			.isNotSameAs(again);
	}

}
