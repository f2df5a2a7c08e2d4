package dev.listener.handler;

import java.io.IOException;

/**
 * A frame longer than the listener's {@code framing.max-frame-size} arrived. It is counted, and the
 * connection is closed (reason {@code limit}) before this is thrown: nothing past the limit is read.
 */
public class FrameTooLongException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param maxFrameSize the limit, in bytes
	 */
	public FrameTooLongException(int maxFrameSize) {
		super("A frame is longer than the limit of " + maxFrameSize + " bytes (framing.max-frame-size)");
	}

}
