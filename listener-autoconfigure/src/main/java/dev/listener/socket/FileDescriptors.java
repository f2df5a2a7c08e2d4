package dev.listener.socket;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;

/**
 * The descriptors behind JDK channels, for what the JDK has no API for: socket options set through
 * libc, the socket's inode, and a duplicate of a bound socket, so that an engine with its own
 * socket type (Netty's epoll and io_uring channels take a descriptor) serves the very socket the
 * opener bound, with its family and options, while the {@link ListenSocket} keeps its own. Each
 * side closes its own descriptor; the socket closes with the last.
 */
public final class FileDescriptors {

	private static final int IPPROTO_TCP = 6;

	private static final int TCP_INFO = 11;

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
		int fd = of((NetworkChannel) socket.channel());
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

	/**
	 * Reads {@code getsockopt(IPPROTO_TCP, TCP_INFO)}, Linux's {@code struct tcp_info}, of a TCP
	 * socket: for a listen socket, its accept queue and the queue's limit, in one system call.
	 * @param channel the socket's channel
	 * @param info where the kernel writes the structure, up to its length
	 * @return how many bytes the kernel wrote
	 * @throws ClosedChannelException when the channel is closed
	 * @throws IOException when getsockopt() fails, with its errno
	 * @throws UnsupportedOperationException on another platform than Linux, or when the descriptor
	 * cannot be read or libc cannot be called
	 */
	public static int tcpInfo(NetworkChannel channel, byte[] info) throws IOException {
		if (!Platform.isLinux()) {
			throw new UnsupportedOperationException("TCP_INFO is Linux's, not " + System.getProperty("os.name") + "'s");
		}
		if (!channel.isOpen()) {
			throw new ClosedChannelException();
		}
		int fd = of(channel);
		IntByReference length = new IntByReference(info.length);
		try {
			LibC.INSTANCE.getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, length);
			return length.getValue();
		}
		catch (LastErrorException ex) {
			throw new IOException("getsockopt(TCP_INFO) of " + channel + " failed with errno " + ex.getErrorCode(), ex);
		}
		catch (LinkageError ex) {
			throw new UnsupportedOperationException("libc cannot be called through JNA here", ex);
		}
	}

	/**
	 * The descriptor behind a JDK channel: its private {@code fdVal} field. Read by plain reflection
	 * where {@code java.base/sun.nio.ch} is open to the starter ({@code Add-Opens} in the
	 * application jar's manifest, or {@code --add-opens}): no warning on any JDK. Elsewhere read
	 * through {@code sun.misc.Unsafe}, silent up to JDK 23 and warned about once from JDK 24.
	 * @param channel the channel
	 * @return its descriptor
	 * @throws UnsupportedOperationException when it cannot be read
	 */
	static int of(NetworkChannel channel) {
		try {
			Field field = fdField(channel.getClass());
			Class<?> owner = field.getDeclaringClass();
			if (owner.getModule().isOpen(owner.getPackageName(), FileDescriptors.class.getModule())) {
				field.setAccessible(true);
				return field.getInt(channel);
			}
			return throughUnsafe(channel, field);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new UnsupportedOperationException(
					"Cannot read the file descriptor of " + channel.getClass().getName(), ex);
		}
	}

	private static int throughUnsafe(NetworkChannel channel, Field field) throws ReflectiveOperationException {
		Class<?> unsafeType = Class.forName("sun.misc.Unsafe");
		Field theUnsafe = unsafeType.getDeclaredField("theUnsafe");
		theUnsafe.setAccessible(true);
		Object unsafe = theUnsafe.get(null);
		Method offset = unsafeType.getMethod("objectFieldOffset", Field.class);
		Method getInt = unsafeType.getMethod("getInt", Object.class, long.class);
		return (int) getInt.invoke(unsafe, channel, offset.invoke(unsafe, field));
	}

	private static Field fdField(Class<?> type) throws NoSuchFieldException {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			try {
				return candidate.getDeclaredField("fdVal");
			}
			catch (NoSuchFieldException ex) {
				// look in the superclass
			}
		}
		throw new NoSuchFieldException("fdVal");
	}

}
