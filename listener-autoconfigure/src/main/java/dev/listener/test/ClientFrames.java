package dev.listener.test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.listener.pipeline.Framing;
import org.jspecify.annotations.Nullable;

/**
 * The client side of a listener's framing: what a sent message is wrapped in, and how received
 * bytes are cut into messages, as the listener's {@code listener.framing.*} says.
 */
final class ClientFrames {

	private final Framing framing;

	private byte[] pending = new byte[0];

	ClientFrames(Framing framing) {
		this.framing = framing;
	}

	Framing framing() {
		return this.framing;
	}

	/** @return the message with its line end, delimiter or length field */
	byte[] encode(byte[] message) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 8);
		if (this.framing.type() == Framing.Type.LENGTH_FIELD) {
			Framing.LengthField field = this.framing.lengthField();
			if (message.length > field.largestFrame()) {
				throw new IllegalArgumentException("A message of " + message.length + " bytes does not fit a "
						+ field.length() + "-byte length field");
			}
			long length = message.length + (field.includesLength() ? field.length() : 0);
			out.writeBytes(lengthField(length, field));
		}
		out.writeBytes(message);
		out.writeBytes(this.framing.terminator());
		return out.toByteArray();
	}

	/** Keeps bytes received, to be cut into messages. */
	void add(byte[] buffer, int length) {
		byte[] joined = Arrays.copyOf(this.pending, this.pending.length + length);
		System.arraycopy(buffer, 0, joined, this.pending.length, length);
		this.pending = joined;
	}

	/** @return whether bytes are kept that no message took yet */
	boolean hasPending() {
		return this.pending.length > 0;
	}

	/** @return a copy of the bytes kept that no message took yet */
	byte[] pending() {
		return this.pending.clone();
	}

	/**
	 * The next whole message among the bytes kept: without framing, all of them (or the first
	 * {@code wanted} bytes, when that many are there).
	 * @param wanted how many bytes an unframed message is expected to have, {@code -1} for any
	 * @return the message, {@code null} until it is whole
	 */
	byte @Nullable [] next(int wanted) {
		return switch (this.framing.type()) {
			case NONE -> nextBytes(wanted);
			case LINE -> nextTerminated(new byte[] { '\n' }, true);
			case DELIMITER -> nextTerminated(this.framing.delimiter(), false);
			case LENGTH_FIELD -> nextLengthField();
		};
	}

	private byte @Nullable [] nextBytes(int wanted) {
		if (this.pending.length == 0 || this.pending.length < wanted) {
			return null;
		}
		return take((wanted < 0) ? this.pending.length : wanted, 0);
	}

	private byte @Nullable [] nextTerminated(byte[] terminator, boolean dropCarriageReturn) {
		int end = indexOf(this.pending, terminator);
		if (end < 0) {
			return null;
		}
		byte[] message = take(end, terminator.length);
		if (dropCarriageReturn && message.length > 0 && message[message.length - 1] == '\r') {
			return Arrays.copyOf(message, message.length - 1);
		}
		return message;
	}

	private byte @Nullable [] nextLengthField() {
		Framing.LengthField field = this.framing.lengthField();
		if (this.pending.length < field.length()) {
			return null;
		}
		long length = 0;
		for (int i = 0; i < field.length(); i++) {
			int index = (field.order() == ByteOrder.BIG_ENDIAN) ? i : field.length() - 1 - i;
			length = (length << 8) | (this.pending[index] & 0xff);
		}
		if (field.includesLength()) {
			length -= field.length();
		}
		if (length < 0 || length > Integer.MAX_VALUE - 16) {
			throw new IllegalStateException("The listener sent a length field of " + length + " bytes");
		}
		if (this.pending.length - field.length() < length) {
			return null;
		}
		byte[] message = Arrays.copyOfRange(this.pending, field.length(), field.length() + (int) length);
		this.pending = Arrays.copyOfRange(this.pending, field.length() + (int) length, this.pending.length);
		return message;
	}

	/** Takes {@code length} bytes, then drops {@code skip} more. */
	private byte[] take(int length, int skip) {
		byte[] message = Arrays.copyOf(this.pending, length);
		this.pending = Arrays.copyOfRange(this.pending, length + skip, this.pending.length);
		return message;
	}

	private static int indexOf(byte[] bytes, byte[] part) {
		outer: for (int i = 0; i + part.length <= bytes.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (bytes[i + j] != part[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static byte[] lengthField(long length, Framing.LengthField field) {
		byte[] bytes = new byte[field.length()];
		for (int i = 0; i < field.length(); i++) {
			int index = (field.order() == ByteOrder.BIG_ENDIAN) ? field.length() - 1 - i : i;
			bytes[index] = (byte) (length >>> (8 * i));
		}
		return bytes;
	}

}
