package dev.listener.handler;

import java.net.ProtocolException;

/**
 * A frame that breaks the listener's {@code framing.*} rules arrived, such as a length field that
 * counts less than itself. It is counted, and the connection is closed (reason {@code rejected})
 * before this is thrown.
 */
public class MalformedFrameException extends ProtocolException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what was wrong with the frame
	 */
	public MalformedFrameException(String message) {
		super(message);
	}

}
