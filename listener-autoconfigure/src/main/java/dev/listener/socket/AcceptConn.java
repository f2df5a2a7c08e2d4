package dev.listener.socket;

import java.nio.channels.NetworkChannel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;
import org.jspecify.annotations.Nullable;

/**
 * Whether a stream socket is listening, {@code SO_ACCEPTCONN}, which the JDK cannot read. The JDK
 * hands any unconnected stream socket on standard input over as a {@code ServerSocketChannel},
 * also one that was bound but never put to listen, on which accept() would fail with EINVAL.
 */
final class AcceptConn {

	private AcceptConn() {
	}

	/**
	 * Reads {@code SO_ACCEPTCONN}.
	 * @param channel a stream channel
	 * @return whether it listens, {@code null} where it cannot be read (then the JDK's word stands)
	 */
	static @Nullable Boolean of(NetworkChannel channel) {
		int[] levelAndOption = levelAndOption();
		if (levelAndOption == null) {
			return null;
		}
		try {
			int fd = FileDescriptors.of(channel);
			IntByReference value = new IntByReference();
			LibC.INSTANCE.getsockopt(fd, levelAndOption[0], levelAndOption[1], value,
					new IntByReference(Integer.BYTES));
			return value.getValue() != 0;
		}
		catch (LinkageError | RuntimeException ex) {
			// LastErrorException included: the check is skipped
			return null;
		}
	}

	private static int @Nullable [] levelAndOption() {
		if (Platform.isLinux() || Platform.isAndroid()) {
			return new int[] { 1, 30 };
		}
		if (Platform.isMac() || Platform.isFreeBSD() || Platform.isOpenBSD() || Platform.isNetBSD()) {
			return new int[] { 0xffff, 0x0002 };
		}
		return null;
	}

}
