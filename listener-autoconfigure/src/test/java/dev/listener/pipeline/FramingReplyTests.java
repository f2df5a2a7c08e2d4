package dev.listener.pipeline;

import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What a reply must fit before an engine writes it: one check for both engines.
 */
class FramingReplyTests {

	private static Framing lengthField(int length, boolean includesLength) {
		return new Framing(Framing.Type.LENGTH_FIELD, 65536, Framing.LineEnding.LF,
				new Framing.LengthField(length, ByteOrder.BIG_ENDIAN, includesLength), new byte[0]);
	}

	@Test
	void aReplyUpToWhatTheLengthFieldDescribesFits() {
		assertThatNoException().isThrownBy(() -> lengthField(1, false).checkReply(255));
		assertThatNoException().isThrownBy(() -> lengthField(1, true).checkReply(254));
		assertThatNoException().isThrownBy(() -> lengthField(2, false).checkReply(65535));
	}

	@Test
	void aLongerReplyIsRefusedNamingItsLengthTheFieldAndWhatToDo() {
		assertThatIllegalArgumentException().isThrownBy(() -> lengthField(1, false).checkReply(256))
			.withMessage("A reply of 256 bytes is too long for a 1-byte length field (at most 255 bytes): "
					+ "split it, or widen listener.framing.length-field.length");
		assertThatIllegalArgumentException().isThrownBy(() -> lengthField(1, true).checkReply(255))
			.withMessageContaining("at most 254 bytes");
	}

	@Test
	void withoutALengthFieldAnyReplyFits() {
		assertThatNoException().isThrownBy(() -> Framing.NONE.checkReply(Integer.MAX_VALUE));
		assertThatNoException()
			.isThrownBy(() -> new Framing(Framing.Type.LINE, 16).checkReply(Integer.MAX_VALUE));
	}

}
