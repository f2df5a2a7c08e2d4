package dev.listener.socket;

import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Locale;

/**
 * What went wrong, under its POSIX and its Winsock name, so that a programmer of either can look it
 * up.
 */
public enum SocketError {

	/** A value that no call would accept (a port over 65535, a negative backlog). */
	INVALID_ARGUMENT("EINVAL", "WSAEINVAL", "invalid argument"),

	/** The host is an address of the other family. */
	ADDRESS_FAMILY_MISMATCH("EAI_ADDRFAMILY", "WSANO_DATA", "host has no address of the requested family"),

	/** The host name is not known. */
	UNKNOWN_HOST("EAI_NONAME", "WSAHOST_NOT_FOUND", "no such host"),

	/** The service is neither a number nor in the services database. */
	UNKNOWN_SERVICE("EAI_SERVICE", "WSATYPE_NOT_FOUND", "unknown service"),

	/** The socket type and the protocol do not go together. */
	SOCKET_TYPE_MISMATCH("EAI_SOCKTYPE", "WSAEPROTOTYPE", "protocol wrong type for socket"),

	/** The socket type cannot be created here. */
	SOCKET_TYPE_NOT_SUPPORTED("ESOCKTNOSUPPORT", "WSAESOCKTNOSUPPORT", "socket type not supported"),

	/** The protocol is not available on this JDK or kernel. */
	PROTOCOL_NOT_SUPPORTED("EPROTONOSUPPORT", "WSAEPROTONOSUPPORT", "protocol not supported"),

	/** The address family is not available on this host. */
	FAMILY_NOT_SUPPORTED("EAFNOSUPPORT", "WSAEAFNOSUPPORT", "address family not supported by protocol"),

	/** An option this socket or platform does not have. */
	OPTION_NOT_SUPPORTED("ENOPROTOOPT", "WSAENOPROTOOPT", "protocol not available"),

	/** Another socket holds the address. */
	ADDRESS_IN_USE("EADDRINUSE", "WSAEADDRINUSE", "address already in use"),

	/** The address is not on any interface of this host. */
	ADDRESS_NOT_AVAILABLE("EADDRNOTAVAIL", "WSAEADDRNOTAVAIL", "cannot assign requested address"),

	/**
	 * The port needs a privilege the process does not have, or the directory of a unix socket is
	 * not writable.
	 */
	ACCESS_DENIED("EACCES", "WSAEACCES", "permission denied"),

	/**
	 * The directory of a unix socket's path does not exist. Winsock has no socket error for it; Windows
	 * reports the file system's {@code ERROR_PATH_NOT_FOUND}.
	 */
	NO_SUCH_DIRECTORY("ENOENT", "ERROR_PATH_NOT_FOUND", "no such file or directory"),

	/**
	 * What should be a socket is not one: standard input when a socket is to be inherited, or an
	 * existing file at a unix socket's path.
	 */
	NOT_A_SOCKET("ENOTSOCK", "WSAENOTSOCK", "socket operation on non-socket"),

	/** Anything else the system reported. */
	OTHER("EIO", "WSASYSCALLFAILURE", "system call failed");

	private final String posixName;

	private final String winsockName;

	private final String description;

	SocketError(String posixName, String winsockName, String description) {
		this.posixName = posixName;
		this.winsockName = winsockName;
		this.description = description;
	}

	/**
	 * The POSIX name, such as {@code EADDRINUSE}.
	 * @return the name
	 */
	public String posixName() {
		return this.posixName;
	}

	/**
	 * The Winsock name, such as {@code WSAEADDRINUSE}.
	 * @return the name
	 */
	public String winsockName() {
		return this.winsockName;
	}

	/**
	 * The system's wording, as {@code strerror} gives it.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Classifies an exception thrown by the JDK's socket calls. The JDK keeps only the
	 * {@code strerror} text, so that is what is matched.
	 * @param ex the exception
	 * @return the error
	 */
	public static SocketError of(Throwable ex) {
		if (ex instanceof UnsupportedAddressTypeException) {
			return FAMILY_NOT_SUPPORTED;
		}
		String message = (ex.getMessage() != null) ? ex.getMessage().toLowerCase(Locale.ROOT) : "";
		if (message.contains("already in use")) {
			return ADDRESS_IN_USE;
		}
		if (message.contains("cannot assign requested address") || message.contains("can't assign requested address")) {
			return ADDRESS_NOT_AVAILABLE;
		}
		if (message.contains("permission denied") || message.contains("access denied")) {
			return ACCESS_DENIED;
		}
		if (message.contains("no such file or directory")) {
			return NO_SUCH_DIRECTORY;
		}
		if (message.contains("family") && (message.contains("not supported") || message.contains("unavailable"))) {
			return FAMILY_NOT_SUPPORTED;
		}
		if (message.contains("protocol not available") || message.contains("not supported")) {
			return OPTION_NOT_SUPPORTED;
		}
		return OTHER;
	}

	@Override
	public String toString() {
		return this.posixName + " / " + this.winsockName;
	}

}
