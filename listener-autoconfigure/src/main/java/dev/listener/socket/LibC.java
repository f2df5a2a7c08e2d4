package dev.listener.socket;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;

/**
 * The few libc calls the JDK has no API for, through JNA: socket options it does not expose
 * (IPV6_V6ONLY, SO_ACCEPTCONN, SO_TYPE, TCP_INFO), descriptor duplication and flags, the environment
 * systemd's socket activation leaves behind, (an engine's own channel on the bound
 * socket, standard streams around an inherited socket). Loaded on first use.
 */
interface LibC extends Library {

	LibC INSTANCE = Native.load("c", LibC.class);

	int setsockopt(int fd, int level, int option, IntByReference value, int length) throws LastErrorException;

	int getsockopt(int fd, int level, int option, IntByReference value, IntByReference length)
			throws LastErrorException;

	/** {@code getsockopt} of an option that is a structure, such as {@code TCP_INFO}. */
	int getsockopt(int fd, int level, int option, byte[] value, IntByReference length) throws LastErrorException;

	int dup(int fd) throws LastErrorException;

	int dup2(int fd, int target) throws LastErrorException;

	int close(int fd) throws LastErrorException;

	/** {@code fcntl} with an int argument: {@code F_GETFD}, {@code F_SETFD}. */
	int fcntl(int fd, int command, int argument) throws LastErrorException;

	/** Removes a variable from the process's environment (not from the JVM's copy of it). */
	int unsetenv(String name) throws LastErrorException;

}
