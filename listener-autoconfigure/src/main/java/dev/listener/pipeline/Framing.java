package dev.listener.pipeline;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a connection's byte stream is split into frames, and the largest frame held in memory. On a
 * dgram listener each datagram is one frame, and only the limit applies.
 *
 * @param type none, line, length-field or delimiter
 * @param maxFrameSize the largest frame, in bytes, not counting its line end, delimiter or length
 * field; a longer one closes the connection
 * @param lineEnding what a written line ends with (a read line ends with LF, a CR before it dropped)
 * @param lengthField the length field before each frame, for {@link Type#LENGTH_FIELD}
 * @param delimiter the bytes ending each frame, for {@link Type#DELIMITER}, never part of a frame
 */
public record Framing(Type type, int maxFrameSize, LineEnding lineEnding, LengthField lengthField,
		byte[] delimiter) {

	/** The default limit: 64KB. */
	public static final int DEFAULT_MAX_FRAME_SIZE = 65536;

	/** A plain byte stream. */
	public static final Framing NONE = new Framing(Type.NONE, DEFAULT_MAX_FRAME_SIZE, LineEnding.LF,
			LengthField.DEFAULT, new byte[0]);

	/**
	 * Checks the values.
	 * @throws IllegalArgumentException when the limit is below 1 byte, or delimited frames have no
	 * delimiter
	 */
	public Framing {
		if (maxFrameSize < 1) {
			throw new IllegalArgumentException("maxFrameSize must be at least 1, was " + maxFrameSize);
		}
		if (type == Type.DELIMITER && delimiter.length == 0) {
			throw new IllegalArgumentException("Delimited frames need a delimiter");
		}
		delimiter = delimiter.clone();
	}

	/**
	 * Frames of one type with the default options.
	 * @param type the type
	 * @param maxFrameSize the largest frame, in bytes
	 */
	public Framing(Type type, int maxFrameSize) {
		this(type, maxFrameSize, LineEnding.LF, LengthField.DEFAULT, new byte[0]);
	}

	/**
	 * Whether a frame is over the limit, the same on every engine (Netty's decoders are given the
	 * same limit): longer than {@code framing.max-frame-size} is too long, its connection closed.
	 * @param length the frame's length in bytes, without its line end, delimiter or length field
	 * @return whether it is refused as {@link FrameRejection#TOO_LONG}
	 */
	public boolean isTooLong(long length) {
		return length > this.maxFrameSize;
	}

	/**
	 * Whether a datagram reaches the handler: one datagram is one frame, so with framing on one
	 * longer than the limit is dropped, counted as a frame {@link FrameRejection#TOO_LONG}; without
	 * framing every datagram does.
	 * @param length the datagram's length in bytes
	 * @return why it is dropped, or {@code null} to hand it to the handler
	 */
	public @Nullable FrameRejection checkDatagram(int length) {
		return (isOn() && isTooLong(length)) ? FrameRejection.TOO_LONG : null;
	}

	/**
	 * Checks that a reply fits the framing before it is written, the same on every engine: with a
	 * length field, a reply longer than the field can describe is the handler's error, thrown to it
	 * (it can send something shorter), not a failure of the connection.
	 * @param length the reply's length in bytes
	 * @throws IllegalArgumentException when it is too long for the length field
	 */
	public void checkReply(int length) {
		if (this.type == Type.LENGTH_FIELD && length > this.lengthField.largestFrame()) {
			throw new IllegalArgumentException("A reply of " + length + " bytes is too long for a "
					+ this.lengthField.length() + "-byte length field (at most " + this.lengthField.largestFrame()
					+ " bytes): split it, or widen listener.framing.length-field.length");
		}
	}

	/** @return whether frames are split at all */
	public boolean isOn() {
		return this.type != Type.NONE;
	}

	/** @return a copy of the delimiter */
	@Override
	public byte[] delimiter() {
		return this.delimiter.clone();
	}

	/**
	 * What ends a written frame: the line ending of a line, the delimiter, nothing for a length field.
	 * @return a copy of the bytes
	 */
	public byte[] terminator() {
		return switch (this.type) {
			case LINE -> this.lineEnding.bytes();
			case DELIMITER -> delimiter();
			default -> new byte[0];
		};
	}

	// a record compares arrays by reference: the delimiter is compared by content
	@Override
	public boolean equals(Object other) {
		return other instanceof Framing that && this.type == that.type && this.maxFrameSize == that.maxFrameSize
				&& this.lineEnding == that.lineEnding && this.lengthField.equals(that.lengthField)
				&& Arrays.equals(this.delimiter, that.delimiter);
	}

	@Override
	public int hashCode() {
		return 31 * Objects.hash(this.type, this.maxFrameSize, this.lineEnding, this.lengthField)
				+ Arrays.hashCode(this.delimiter);
	}

	@Override
	public String toString() {
		return "Framing[" + this.type + ", maxFrameSize=" + this.maxFrameSize + ", lineEnding=" + this.lineEnding
				+ ", " + this.lengthField + ", delimiter=" + Arrays.toString(this.delimiter) + "]";
	}

	/**
	 * The kind of framing.
	 */
	public enum Type {

		/** A byte stream, no frames. */
		NONE,

		/** Lines ending in LF or CRLF. */
		LINE,

		/** A length field before each frame. */
		LENGTH_FIELD,

		/** Frames ending in a delimiter. */
		DELIMITER

	}

	/**
	 * What a written line ends with. Reading accepts both: a line ends at LF, and a CR right before
	 * it is dropped, so either kind of peer is understood.
	 */
	public enum LineEnding {

		/** {@code \n}. */
		LF,

		/** {@code \r\n}, as text protocols from SMTP to Redis write. */
		CRLF;

		/** @return the bytes, a new array */
		public byte[] bytes() {
			return ((this == LF) ? "\n" : "\r\n").getBytes(StandardCharsets.US_ASCII);
		}

	}

	/**
	 * The length field before each frame: an unsigned integer.
	 *
	 * @param length its size in bytes: 1, 2, 4 or 8
	 * @param order its byte order
	 * @param includesLength whether the value counts the field itself as well as the frame
	 */
	public record LengthField(int length, ByteOrder order, boolean includesLength) {

		/** Four bytes, big-endian (network order), counting the frame only. */
		public static final LengthField DEFAULT = new LengthField(4, ByteOrder.BIG_ENDIAN, false);

		/**
		 * @return the largest frame the field can describe, capped at {@link Long#MAX_VALUE}
		 */
		public long largestFrame() {
			long largest = (this.length >= 8) ? Long.MAX_VALUE : (1L << (8 * this.length)) - 1;
			return this.includesLength ? largest - this.length : largest;
		}

	}

}
