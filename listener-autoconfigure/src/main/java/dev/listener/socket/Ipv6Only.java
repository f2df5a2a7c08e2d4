package dev.listener.socket;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.NetworkChannel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;

/**
 * Sets {@code IPV6_V6ONLY}, which the JDK has no API for (it makes every IPv6 socket dual-stack).
 * Needed so that an IPv6 wildcard socket and an IPv4 one can share a port. Reads the channel's
 * file descriptor and calls libc's {@code setsockopt} through JNA.
 */
final class Ipv6Only {

	private static final int IPPROTO_IPV6 = 41;

	private Ipv6Only() {
	}

	static void set(NetworkChannel channel, boolean value) throws IOException {
		int option = option();
		int fd = FileDescriptors.of(channel);
		try {
			LibC.INSTANCE.setsockopt(fd, IPPROTO_IPV6, option, new IntByReference(value ? 1 : 0), Integer.BYTES);
		}
		catch (LastErrorException ex) {
			throw new IOException("setsockopt(IPV6_V6ONLY) failed with errno " + ex.getErrorCode(), ex);
		}
	}

	private static int option() {
		if (Platform.isLinux() || Platform.isAndroid()) {
			return 26;
		}
		if (Platform.isMac() || Platform.isFreeBSD() || Platform.isOpenBSD() || Platform.isNetBSD()) {
			return 27;
		}
		throw new UnsupportedOperationException("IPV6_V6ONLY is not supported on " + System.getProperty("os.name"));
	}

	interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int setsockopt(int fd, int level, int option, IntByReference value, int length) throws LastErrorException;

	}

	/**
	 * The descriptor behind a JDK channel: its private {@code fdVal} field. Read by plain reflection
	 * where {@code java.base/sun.nio.ch} is open to the starter ({@code Add-Opens} in the
	 * application jar's manifest, or {@code --add-opens}): no warning on any JDK. Elsewhere read
	 * through {@code sun.misc.Unsafe}, silent up to JDK 23 and warned about once from JDK 24.
	 */
	static final class FileDescriptors {

		private FileDescriptors() {
		}

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

}
