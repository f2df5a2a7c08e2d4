package dev.listener.diagnostics;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.listener.autoconfigure.ListenerPropertyNames;
import dev.listener.socket.Family;
import dev.listener.socket.Inheritance;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.ListenerCollisionException;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Setting;
import dev.listener.socket.SocketError;
import org.jspecify.annotations.Nullable;

/**
 * The change to make for each {@link SocketError}, in the words of the properties.
 */
final class ListenSocketActions {

	private static final String VALID_PAIRS = "stream with tcp or sctp, dgram with udp, seqpacket with sctp";

	private ListenSocketActions() {
	}

	static String of(ListenSocketException failure, ListenerPropertyNames names) {
		if (failure.spec().inheritance() == Inheritance.SYSTEMD) {
			return systemd(failure, names);
		}
		if (failure.spec().inherited()) {
			return inherited(failure, names);
		}
		if (failure.spec().hints().family() == Family.UNIX) {
			String unix = unix(failure, names);
			if (unix != null) {
				return unix;
			}
		}
		ListenerSpec spec = failure.spec();
		String port = names.name(Setting.PORT);
		String host = names.name(Setting.HOST);
		String family = names.name(Setting.FAMILY);
		return switch (failure.error()) {
			case INVALID_ARGUMENT -> invalidArgument(failure.settings(), names);
			case UNKNOWN_SERVICE -> "Set " + port + " to a port number from 0 to 65535, or to a service name that "
					+ "the services database (/etc/services) lists for " + Setting.PROTOCOL.value(spec)
					+ ", such as http.";
			case SOCKET_TYPE_MISMATCH -> "Make " + names.name(Setting.SOCKET_TYPE) + " and "
					+ names.name(Setting.PROTOCOL) + " a valid pair: " + VALID_PAIRS + "; or set "
					+ names.name(Setting.PROTOCOL) + " to default for the socket type's usual protocol.";
			case SOCKET_TYPE_NOT_SUPPORTED -> "Set " + names.name(Setting.SOCKET_TYPE)
					+ " to stream (TCP) or dgram (UDP): the JVM cannot open raw sockets.";
			case PROTOCOL_NOT_SUPPORTED -> "To use SCTP, run on a JDK with the jdk.sctp module, install the "
					+ "lksctp-tools library (libsctp1 on Debian and Ubuntu, lksctp-tools on Red Hat) and load the sctp "
					+ "kernel module (modprobe sctp). Otherwise set " + names.name(Setting.SOCKET_TYPE)
					+ " to stream with " + names.name(Setting.PROTOCOL) + " tcp, or dgram with udp.";
			case ADDRESS_FAMILY_MISMATCH -> familyMismatch(spec, host, family);
			case UNKNOWN_HOST -> failure.settings().contains(Setting.FAMILY)
					? "Set " + family + " to unspec (or to the family the host has), or set " + host
							+ " to a host with an " + Setting.FAMILY.value(spec) + " address."
					: "Check the spelling of " + host + ", use an IP address instead of a name, or remove " + host
							+ " to bind " + (spec.hints().passive() ? "every interface." : "the loopback.");
			case ADDRESS_NOT_AVAILABLE -> "Set " + host + " to an address of this machine ("
					+ listOrNone(LocalAddresses.list()) + "), or remove it to bind every interface.";
			case ADDRESS_IN_USE -> (failure instanceof ListenerCollisionException collision) ? collision(collision, names)
					: (spec.hints().family() == Family.UNSPEC && "0".equals(spec.service()))
							? "Each of five ports the kernel chose for the first address was in use on a later one "
									+ "(held there by another socket, such as a client's connection in TIME_WAIT): set "
									+ port + " to a fixed free port, or " + family + " to inet or inet6 for one socket."
					: "Stop the process that listens on port " + portOf(failure)
					+ " (find it with: ss -ltunp 'sport = :" + portOf(failure) + "'; on Windows: netstat -ano), or set "
					+ port + " to another port (0 picks a free one).";
			case ACCESS_DENIED -> "Set " + port + " to a port from 1024 up, or grant the process the privilege to bind "
					+ "ports below 1024: CAP_NET_BIND_SERVICE (setcap cap_net_bind_service=+ep on the java binary, or "
					+ "AmbientCapabilities=CAP_NET_BIND_SERVICE in a systemd unit), or lower the sysctl "
					+ "net.ipv4.ip_unprivileged_port_start.";
			case FAMILY_NOT_SUPPORTED -> familyNotSupported(failure, family);
			case OPTION_NOT_SUPPORTED -> failure.settings().isEmpty()
					? "Fix or remove the ListenSocketCustomizer bean named in the reason above."
					: "Remove " + names.name(failure.settings().iterator().next())
							+ ": this platform or socket type does not support it.";
			case NO_SUCH_DIRECTORY, NOT_A_SOCKET -> "Set " + names.name(Setting.PATH)
					+ " to the path of a socket file.";
			case OTHER -> "Check the properties above. The exception is logged at DEBUG level by "
					+ "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter.";
		};
	}

	/** The actions for a unix socket, {@code null} where the IP one fits (an option, a customizer). */
	private static @Nullable String unix(ListenSocketException failure, ListenerPropertyNames names) {
		ListenerSpec spec = failure.spec();
		String path = names.name(Setting.PATH);
		String file = (spec.path() != null) ? spec.path() : "";
		Set<Setting> settings = failure.settings();
		return switch (failure.error()) {
			case INVALID_ARGUMENT -> {
				if (settings.contains(Setting.HOST)) {
					yield "Remove " + names.name(Setting.HOST) + ": family unix binds " + path
							+ ", not a host (or set " + names.name(Setting.FAMILY) + " to inet or inet6).";
				}
				if (settings.contains(Setting.PROTOCOL)) {
					yield "Remove " + names.name(Setting.PROTOCOL) + " (its default tcp is ignored for family unix) "
							+ "or set it to default: a unix socket has no IP protocol.";
				}
				if (settings.contains(Setting.PERMISSIONS)) {
					yield "Set " + names.name(Setting.PERMISSIONS) + " to nine characters as ls -l shows them, such "
							+ "as rw-rw---- (owner and group may connect), or remove it to keep what the umask gives.";
				}
				if (settings.contains(Setting.PATH)) {
					yield (spec.path() == null || spec.path().isBlank())
							? "Set " + path + " to the path of the socket file, such as /run/app/app.sock."
							: "Shorten " + path + ": a unix socket path is at most 107 bytes in UTF-8 on Linux (108 "
									+ "with the terminating NUL; 103 on macOS). Use a short directory such as "
									+ "/run/<app>/, or a path relative to the working directory.";
				}
				yield null;
			}
			case SOCKET_TYPE_NOT_SUPPORTED -> "Set " + names.name(Setting.SOCKET_TYPE)
					+ " to stream: the JDK has only stream unix sockets (for datagrams set "
					+ names.name(Setting.FAMILY) + " to inet or inet6).";
			case NO_SUCH_DIRECTORY -> "Create the directory of " + path + " (mkdir -p " + parentOf(file)
					+ "; in a systemd unit: RuntimeDirectory=), or set " + path + " to a path in an existing "
					+ "directory.";
			case NOT_A_SOCKET -> "Remove or rename what is at " + file + " if it is not needed (only a stale socket "
					+ "file is replaced; nothing else is deleted), or set " + path + " to another path.";
			case ADDRESS_IN_USE -> (failure instanceof ListenerCollisionException collision)
					? "Give listener '" + collision.listenerName() + "' another path (" + path + "), or listener '"
							+ collision.other().name() + "' ("
							+ ListenerPropertyNames.of(collision.other().name()).name(Setting.PATH) + ")."
					: "Stop the process that listens on " + file + " (find it with: ss -lxp | grep " + file
							+ "), or set " + path + " to another path.";
			case ACCESS_DENIED -> "Fix the permissions of the directory " + parentOf(file)
					+ ": the user the application runs as needs write and search (wx) permission on it (chmod, "
					+ "chown, or RuntimeDirectory= in a systemd unit); or set " + path
					+ " to a path in a directory it can write.";
			case FAMILY_NOT_SUPPORTED -> "This host has no unix domain sockets: set " + names.name(Setting.FAMILY)
					+ " to inet or inet6.";
			default -> null;
		};
	}

	private static String systemd(ListenSocketException failure, ListenerPropertyNames names) {
		String inherited = names.name(Setting.INHERITED);
		String inheritedName = names.name(Setting.INHERITED_NAME);
		String reason = failure.reason();
		return switch (failure.error()) {
			case NOT_A_SOCKET -> reason.contains("LISTEN_PID is") && reason.contains("not this process")
					? "Start the application from the service with exec (ExecStart=java ..., or exec java in a "
							+ "script), so that it is the process the sockets were passed to; or set " + inherited
							+ " to false to bind the socket."
					: reason.startsWith("LISTEN")
							? "Start the application from a .socket unit's service (or with systemd-socket-activate), "
									+ "which passes LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES; or set " + inherited
									+ " to false to bind the socket."
							: "Check the .socket unit's ListenStream=/ListenDatagram= lines, or set " + inherited
									+ " to false to bind the socket.";
			case INVALID_ARGUMENT -> reason.contains("already taken")
					? "Give each listener a socket of its own: set " + inheritedName
							+ " to another FileDescriptorName= of the .socket unit."
					: reason.contains("not listening")
							? "Set Accept=no in the .socket unit: the listener accepts connections itself."
							: "Set " + inheritedName + " to one of the names passed, or FileDescriptorName= in the "
									+ ".socket unit to the listener's name.";
			case SOCKET_TYPE_MISMATCH -> "Set " + names.name(Setting.SOCKET_TYPE) + " and "
					+ names.name(Setting.PROTOCOL) + " to what the socket is (stream with tcp for ListenStream=, "
					+ "dgram with udp for ListenDatagram=), or pass the listener the socket the configuration asks for.";
			case ADDRESS_FAMILY_MISMATCH -> "Set " + names.name(Setting.FAMILY) + " to the family of the socket "
					+ "(inet, inet6, unix, or unspec for either IP family), or change its ListenStream= address.";
			case SOCKET_TYPE_NOT_SUPPORTED -> "Pass a TCP, UDP or unix stream socket (ListenStream=, ListenDatagram=), "
					+ "or set " + inherited + " to false to bind the socket.";
			default -> "Start the JVM with --add-opens java.base/sun.nio.ch=ALL-UNNAMED (Add-Opens in the jar's "
					+ "manifest), or set " + inherited + " to false to bind the socket.";
		};
	}

	private static String inherited(ListenSocketException failure, ListenerPropertyNames names) {
		String inherited = names.name(Setting.INHERITED);
		String socketType = names.name(Setting.SOCKET_TYPE);
		String family = names.name(Setting.FAMILY);
		String passSocket = "start the application with a listening socket on standard input (systemd: a .socket "
				+ "unit with Accept=no, and StandardInput=socket in the service; inetd: wait, not nowait)";
		return switch (failure.error()) {
			case INVALID_ARGUMENT -> failure.reason().contains("already inherited")
					? "Set " + inherited + " to true on one listener only: a process has one standard input."
					: "Pass a listening socket"
							+ (failure.reason().contains("connected") ? ", not a connected one" : "") + ": "
							+ passSocket + "; or set " + inherited + " to false to bind the socket.";
			case NOT_A_SOCKET -> "To inherit the socket, " + passSocket + ". Otherwise set " + inherited
					+ " to false to bind the socket.";
			case SOCKET_TYPE_MISMATCH, SOCKET_TYPE_NOT_SUPPORTED -> "Set " + socketType
					+ " to the type of the inherited socket (stream for systemd ListenStream=, dgram for "
					+ "ListenDatagram=), or pass the socket the configuration asks for.";
			case PROTOCOL_NOT_SUPPORTED -> "Set " + names.name(Setting.PROTOCOL) + " to tcp with " + socketType
					+ " stream or udp with dgram: the JDK inherits only those.";
			case ADDRESS_FAMILY_MISMATCH -> "Set " + family + " to the family of the inherited socket (inet, inet6, "
					+ "unix, or unspec for either IP family), or pass a socket of the configured family.";
			default -> "Check what the service manager passes on standard input, or set " + inherited
					+ " to false to bind the socket.";
		};
	}

	private static String parentOf(String file) {
		Path parent = Path.of(file).toAbsolutePath().getParent();
		return (parent != null) ? parent.toString() : "/";
	}

	private static String collision(ListenerCollisionException collision, ListenerPropertyNames names) {
		ListenerPropertyNames others = ListenerPropertyNames.of(collision.other().name());
		return "Give listener '" + collision.listenerName() + "' another port (" + names.name(Setting.PORT)
				+ ") or host (" + names.name(Setting.HOST) + "), or listener '" + collision.other().name()
				+ "' (" + others.name(Setting.PORT) + "); or, to share the port between them (SO_REUSEPORT), set "
				+ names.name(Setting.REUSE_PORT) + " and " + others.name(Setting.REUSE_PORT) + " to true.";
	}

	private static String invalidArgument(Set<Setting> settings, ListenerPropertyNames names) {
		if (settings.isEmpty()) {
			return "Correct the value named in the reason above.";
		}
		// IPV6_V6ONLY with inet names the family too, but the option is what to remove
		Setting setting = settings.contains(Setting.IPV6_ONLY) ? Setting.IPV6_ONLY : settings.iterator().next();
		String property = names.name(setting);
		return switch (setting) {
			case PORT -> "Set " + property + " to a port number from 0 to 65535 (0 picks a free port) or to a "
					+ "service name such as http. getaddrinfo itself would silently wrap a larger number around "
					+ "(65536 becomes 0); the starter refuses it instead.";
			case BACKLOG -> "Set " + property + " to 1 or more, or remove it for the system maximum.";
			case RECEIVE_BUFFER_SIZE, SEND_BUFFER_SIZE -> "Set " + property
					+ " to a positive size such as 64KB, or remove it for the system default.";
			case IPV6_ONLY -> "Remove " + property + ", or set " + names.name(Setting.FAMILY)
					+ " to inet6 or unspec: IPV6_V6ONLY exists only on IPv6 sockets.";
			default -> "Correct " + property + ".";
		};
	}

	private static String familyMismatch(ListenerSpec spec, String host, String family) {
		boolean ipv6Host = spec.host() != null && spec.host().indexOf(':') >= 0;
		return "Make " + family + " and " + host + " agree: set " + family + " to " + (ipv6Host ? "inet6" : "inet")
				+ " or unspec, or set " + host + " to an " + (ipv6Host ? "IPv4 address such as 127.0.0.1"
						: "IPv6 address such as ::1")
				+ ".";
	}

	private static String familyNotSupported(ListenSocketException failure, String family) {
		boolean ipv6 = !(failure.address() instanceof InetSocketAddress inet)
				|| inet.getAddress() instanceof Inet6Address;
		String name = ipv6 ? "IPv6" : "IPv4";
		String other = lower(ipv6 ? Family.INET : Family.INET6);
		return "This host has no " + name + ": set " + family + " to " + other + ", or enable " + name
				+ " on the host" + (ipv6 ? " (sysctl net.ipv6.conf.all.disable_ipv6=0, no ipv6.disable=1 on the "
						+ "kernel command line)." : ".");
	}

	private static String portOf(ListenSocketException failure) {
		return (failure.address() instanceof InetSocketAddress inet) ? Integer.toString(inet.getPort())
				: failure.spec().service();
	}

	private static String listOrNone(List<String> addresses) {
		return addresses.isEmpty() ? "none is up" : String.join(", ", addresses);
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
