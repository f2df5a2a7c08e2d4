package dev.listener.socket;

import java.io.IOException;
import java.nio.channels.NetworkChannel;

import com.sun.jna.LastErrorException;
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

}
