package dev.listener.socket;

import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The kernel's inode of a socket ({@code socket:[12345]} in {@code /proc/self/fd}), the key of its
 * row in {@code /proc/net/tcp}: what the kernel says about one listen socket, such as its accept
 * queue, is found by it. Linux only.
 */
public final class SocketInodes {

	private SocketInodes() {
	}

	/**
	 * The inode of a channel's socket.
	 * @param channel the channel
	 * @return the inode, empty where the platform has no {@code /proc/self/fd} or it cannot be read
	 */
	public static OptionalLong of(NetworkChannel channel) {
		try {
			int fd = FileDescriptors.of(channel);
			String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
			if (link.startsWith("socket:[") && link.endsWith("]")) {
				return OptionalLong.of(Long.parseLong(link.substring(8, link.length() - 1)));
			}
		}
		catch (IOException | RuntimeException ex) {
			// no /proc, or no access to the descriptor: the caller goes without
		}
		return OptionalLong.empty();
	}

}
