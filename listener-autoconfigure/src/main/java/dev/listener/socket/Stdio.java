package dev.listener.socket;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import org.jspecify.annotations.Nullable;

/**
 * Closes the channel inherited on standard input without losing the process's output. The JDK
 * closes an inherited channel the inetd way: it points descriptors 0, 1 and 2 at
 * {@code /dev/null}, because under inetd all three are the socket. A listening socket from systemd
 * or inetd {@code wait} is on standard input only, and stdout and stderr are the journal or a
 * terminal; dropping them would hide the failure report and every later log line. So the
 * descriptors 1 and 2 that are not the inherited socket are duplicated before the close and put
 * back after it. Needs Linux's {@code /proc/self/fd} to tell; elsewhere, or when libc cannot be
 * called, the JDK's behaviour stays.
 */
final class Stdio {

	private static final int[] OUTPUTS = { 1, 2 };

	private Stdio() {
	}

	static void close(Channel inherited) throws IOException {
		int[] saved = save();
		try {
			inherited.close();
		}
		finally {
			restore(saved);
		}
	}

	private static int[] save() {
		int[] saved = { -1, -1 };
		String stdin = link(0);
		if (stdin == null) {
			return saved;
		}
		try {
			for (int i = 0; i < OUTPUTS.length; i++) {
				String output = link(OUTPUTS[i]);
				if (output != null && !output.equals(stdin)) {
					saved[i] = LibC.INSTANCE.dup(OUTPUTS[i]);
				}
			}
		}
		catch (LinkageError | RuntimeException ex) {
			// keep the JDK's behaviour
		}
		return saved;
	}

	private static void restore(int[] saved) {
		for (int i = 0; i < OUTPUTS.length; i++) {
			if (saved[i] >= 0) {
				try {
					LibC.INSTANCE.dup2(saved[i], OUTPUTS[i]);
					LibC.INSTANCE.close(saved[i]);
				}
				catch (LinkageError | RuntimeException ex) {
					// the output stays at /dev/null, as the JDK left it
				}
			}
		}
	}

	/** What a descriptor refers to, such as {@code socket:[4711]}; {@code null} when unknown. */
	private static @Nullable String link(int fd) {
		try {
			return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			return null;
		}
	}

}
