package dev.listener.actuate;

import dev.listener.socket.ListenSocket;
import org.jspecify.annotations.Nullable;

/**
 * Where the kernel's accept queue of a listen socket is read from.
 */
interface AcceptQueueSource {

	/**
	 * Reads a socket's accept queue.
	 * @param socket the socket
	 * @return its queue, {@code null} when this source cannot tell: the socket is closed, is not a
	 * TCP listen socket, or is not in the source's view
	 * @throws UnsupportedOperationException when this source cannot be used on this platform at all
	 */
	@Nullable AcceptQueue read(ListenSocket socket);

	/**
	 * Whether this source reads a socket's queue, without waiting for a reading: what decides
	 * whether the socket has accept-queue meters.
	 * @param socket the socket
	 * @return whether {@link #read(ListenSocket)} can answer for it
	 * @throws UnsupportedOperationException when this source cannot be used on this platform at all
	 */
	default boolean reads(ListenSocket socket) {
		return read(socket) != null;
	}

	/**
	 * How the health details name this source.
	 * @return its name
	 */
	String name();

	/**
	 * The source for this platform: {@code TCP_INFO} of each socket's own descriptor, and the
	 * {@code /proc/net/tcp} tables where that cannot be read.
	 * @return the source, one for the whole process
	 */
	static AcceptQueueSource system() {
		return PreferredAcceptQueueSource.SYSTEM;
	}

}
