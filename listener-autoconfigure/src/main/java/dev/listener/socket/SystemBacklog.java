package dev.listener.socket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The largest listen() backlog the system takes, like Winsock's {@code SOMAXCONN} and Netty's
 * {@code NetUtil.SOMAXCONN}: {@code /proc/sys/net/core/somaxconn} where readable, else 128.
 */
final class SystemBacklog {

	static final int FALLBACK = 128;

	private static final int VALUE = read(Path.of("/proc/sys/net/core/somaxconn"));

	private SystemBacklog() {
	}

	static int get() {
		return VALUE;
	}

	static int read(Path file) {
		try {
			// a line at a time: some kernels return a short first read for /proc files
			int value = Integer.parseInt(Files.readAllLines(file).get(0).trim());
			return (value > 0) ? value : FALLBACK;
		}
		catch (IOException | RuntimeException ex) {
			return FALLBACK;
		}
	}

}
