package dev.listener.socket;

import java.io.IOException;

import com.sun.nio.sctp.SctpServerChannel;

/**
 * Whether this JDK and kernel can open SCTP sockets, for tests that need the answer to be no.
 */
public final class SctpSupport {

	private SctpSupport() {
	}

	public static boolean available() {
		try {
			SctpServerChannel.open().close();
			return true;
		}
		catch (UnsupportedOperationException | IOException | LinkageError ex) {
			return false;
		}
	}

}
