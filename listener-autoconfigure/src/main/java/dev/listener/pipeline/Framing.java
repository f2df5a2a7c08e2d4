package dev.listener.pipeline;

/**
 * How a connection's byte stream is split into frames, and the largest frame held in memory.
 *
 * @param type none, line, length-field or delimiter
 * @param maxFrameSize the largest frame, in bytes; a longer one closes the connection
 */
public record Framing(Type type, int maxFrameSize) {

	/** A plain byte stream. */
	public static final Framing NONE = new Framing(Type.NONE, 65536);

	/** @return whether frames are split at all */
	public boolean isOn() {
		return this.type != Type.NONE;
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

}
