package dev.listener.socket;

import java.io.IOException;
import java.nio.channels.NetworkChannel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Duplicates the descriptor of a bound socket, so that an engine with its own socket type (Netty's
 * epoll and io_uring channels take a descriptor) serves the very socket the opener bound, with its
 * family and options, while the {@link ListenSocket} keeps its own. Each side closes its own
 * descriptor; the socket closes with the last.
 */
public final class FileDescriptors {

	private FileDescriptors() {
	}

	/**
	 * Duplicates the descriptor of a listen socket's channel, making it non-blocking first (the flag
	 * belongs to the socket, so the duplicate shares it).
	 * @param socket the socket
	 * @return the new descriptor, to be closed by its owner
	 * @throws IOException when the channel cannot be made non-blocking or dup() fails
	 */
	public static int duplicate(ListenSocket socket) throws IOException {
		socket.channel().configureBlocking(false);
		int fd = Ipv6Only.FileDescriptors.of((NetworkChannel) socket.channel());
		try {
			return LibC.INSTANCE.dup(fd);
		}
		catch (LastErrorException ex) {
			throw new IOException("dup() of " + socket + " failed with errno " + ex.getErrorCode(), ex);
		}
	}

	/**
	 * Closes a descriptor that {@link #duplicate(ListenSocket)} returned and no channel took.
	 * @param fd the descriptor
	 */
	public static void close(int fd) {
		try {
			LibC.INSTANCE.close(fd);
		}
		catch (LastErrorException ex) {
			// already closed
		}
	}

	interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int dup(int fd) throws LastErrorException;

		int close(int fd) throws LastErrorException;

	}

}
