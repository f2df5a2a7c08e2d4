package dev.listener.socket;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;
import org.jspecify.annotations.Nullable;

/**
 * systemd's socket activation ({@code sd_listen_fds_with_names(3)}): when {@code LISTEN_PID} is
 * this process, {@code LISTEN_FDS} sockets were passed from descriptor 3 on, named in order by
 * {@code LISTEN_FDNAMES} (colon-separated, from {@code FileDescriptorName=}). Read once per process,
 * on the first listener that asks for {@code inherited: systemd}; the three variables are then
 * removed from the process's environment ({@code unsetenv}) and every descriptor is made
 * close-on-exec, so that no child inherits them. The JVM keeps its own copy of the environment
 * from its start, which {@link System#getenv()} and {@link ProcessBuilder} go on showing; a child
 * started from Java sees {@code LISTEN_PID} naming this process, not itself, and ignores the
 * variables, as sd_listen_fds() does.
 * <p>
 * A listener takes every descriptor of its name (two for {@code ListenStream=0.0.0.0:80} and
 * {@code ListenStream=[::]:80} in one unit), each checked against its family, socket type and
 * protocol. The socket is wrapped in a JDK channel, so that both engines serve it as a bound one; it
 * is released at close ({@code close(2)}, never {@code shutdown(2)}), and stays open in systemd,
 * which queues the connections made until the next start takes it again.
 */
final class SystemdSockets {

	/** {@code SD_LISTEN_FDS_START}. */
	static final int FIRST_DESCRIPTOR = 3;

	static final String LISTEN_PID = "LISTEN_PID";

	static final String LISTEN_FDS = "LISTEN_FDS";

	static final String LISTEN_FDNAMES = "LISTEN_FDNAMES";

	// Linux's values
	private static final int SOL_SOCKET = 1;

	private static final int SO_TYPE = 3;

	private static final int SO_ACCEPTCONN = 30;

	private static final int SO_PROTOCOL = 38;

	private static final int SO_DOMAIN = 39;

	private static final int AF_UNIX = 1;

	private static final int AF_INET = 2;

	private static final int AF_INET6 = 10;

	private static final int SOCK_STREAM = 1;

	private static final int SOCK_DGRAM = 2;

	private static final int IPPROTO_TCP = 6;

	private static final int IPPROTO_UDP = 17;

	private static final int F_GETFD = 1;

	private static final int F_SETFD = 2;

	private static final int FD_CLOEXEC = 1;

	private static @Nullable Passed passed;

	/** Descriptor to the listener that took it. */
	private static final Map<Integer, String> takenBy = new LinkedHashMap<>();

	private SystemdSockets() {
	}

	/**
	 * One passed descriptor.
	 * @param fd its number, 3 and up
	 * @param name its name, {@code unknown} where {@code LISTEN_FDNAMES} has none for it
	 */
	record Descriptor(int fd, String name) {

		@Override
		public String toString() {
			return "fd " + this.fd + " '" + this.name + "'";
		}

	}

	/**
	 * What the environment passed.
	 * @param descriptors the descriptors, empty when none were passed to this process
	 * @param absent why there are none, {@code null} when there are
	 */
	record Passed(List<Descriptor> descriptors, @Nullable String absent) {

		List<String> names() {
			return this.descriptors.stream().map(Descriptor::name).distinct().toList();
		}

	}

	/**
	 * Reads the protocol's variables.
	 * @param environment the environment
	 * @param pid this process's id
	 * @return the descriptors passed, or why there are none
	 */
	static Passed read(Map<String, String> environment, long pid) {
		String listenPid = environment.get(LISTEN_PID);
		String listenFds = environment.get(LISTEN_FDS);
		if (listenPid == null || listenPid.isBlank()) {
			return new Passed(List.of(), "LISTEN_PID is not set, so systemd passed no sockets to this process: "
					+ ((listenFds != null) ? "LISTEN_FDS=" + listenFds + " alone does not count" : "nothing was passed"));
		}
		long forPid;
		try {
			forPid = Long.parseLong(listenPid.trim());
		}
		catch (NumberFormatException ex) {
			return new Passed(List.of(), "LISTEN_PID is '" + listenPid + "', not a process id");
		}
		if (forPid != pid) {
			return new Passed(List.of(), "LISTEN_PID is " + forPid + ", not this process (pid " + pid
					+ "): the sockets were passed to another process, such as a script that started java instead "
					+ "of exec'ing it; they are ignored");
		}
		int count;
		try {
			count = Integer.parseInt((listenFds != null) ? listenFds.trim() : "");
		}
		catch (NumberFormatException ex) {
			return new Passed(List.of(), "LISTEN_FDS is " + ((listenFds != null) ? "'" + listenFds + "'" : "not set")
					+ ", not a number of descriptors");
		}
		if (count <= 0) {
			return new Passed(List.of(), "LISTEN_FDS is " + count + ": systemd passed no sockets");
		}
		String fdNames = environment.get(LISTEN_FDNAMES);
		String[] names = (fdNames != null && !fdNames.isEmpty()) ? fdNames.split(":", -1) : new String[0];
		List<Descriptor> descriptors = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String name = (i < names.length && !names[i].isEmpty()) ? names[i] : "unknown";
			descriptors.add(new Descriptor(FIRST_DESCRIPTOR + i, name));
		}
		return new Passed(List.copyOf(descriptors), null);
	}

	/**
	 * Takes the sockets of a listener's name.
	 * @param spec the spec, {@code inherited: systemd}
	 * @param options the options; only the buffer sizes are set, as on standard input's socket
	 * @return the listener
	 * @throws ListenSocketException at {@link Step#INHERIT} when nothing was passed, no socket has
	 * the name, or a socket does not match the configuration; nothing is left half taken then
	 */
	static Listener open(ListenerSpec spec, SocketOptions options) throws ListenSocketException {
		List<Descriptor> mine = take(spec);
		List<ListenSocket> sockets = new ArrayList<>();
		List<AddressInfo> infos = new ArrayList<>();
		try {
			for (Descriptor descriptor : mine) {
				ListenSocket socket = socket(spec, options, descriptor);
				sockets.add(socket);
				infos.add(socket.addressInfo());
			}
			return new Listener(spec, infos, sockets, options,
					"systemd (" + String.join(", ", mine.stream().map(Descriptor::toString).toList()) + ")");
		}
		catch (ListenSocketException | RuntimeException ex) {
			for (ListenSocket socket : sockets) {
				release(socket.channel());
			}
			give(mine);
			throw ex;
		}
	}

	/**
	 * The descriptors that no listener has taken, for the warning after all listeners are open.
	 * Reads the variables when no listener asked for them, so that sockets passed to a configuration
	 * without {@code inherited: systemd} are named too.
	 * @return the descriptors, empty when systemd passed none
	 */
	static synchronized List<Descriptor> unclaimed() {
		if (passed == null && !System.getenv().containsKey(LISTEN_PID)) {
			return List.of();
		}
		return passed().descriptors().stream().filter((descriptor) -> !takenBy.containsKey(descriptor.fd())).toList();
	}

	private static synchronized List<Descriptor> take(ListenerSpec spec) throws ListenSocketException {
		Passed passed = passed();
		if (passed.absent() != null) {
			throw failure(spec, SocketError.NOT_A_SOCKET, passed.absent(), EnumSet.of(Setting.INHERITED));
		}
		String name = spec.systemdName();
		List<Descriptor> named = passed.descriptors().stream().filter((d) -> d.name().equals(name)).toList();
		Set<Setting> settings = (spec.inheritedName() != null) ? EnumSet.of(Setting.INHERITED_NAME)
				: EnumSet.of(Setting.INHERITED);
		if (named.isEmpty()) {
			throw failure(spec, SocketError.INVALID_ARGUMENT, "systemd passed no socket named '" + name
					+ "'; the names passed are " + quoted(passed.names()) + " (LISTEN_FDNAMES, from "
					+ "FileDescriptorName=, which defaults to the .socket unit's name)", settings);
		}
		for (Descriptor descriptor : named) {
			String other = takenBy.get(descriptor.fd());
			if (other != null) {
				throw failure(spec, SocketError.INVALID_ARGUMENT, "the systemd socket '" + name + "' (" + descriptor
						+ ") was already taken by listener '" + other + "': a socket serves one listener", settings);
			}
		}
		for (Descriptor descriptor : named) {
			takenBy.put(descriptor.fd(), spec.name());
		}
		return named;
	}

	private static synchronized void give(List<Descriptor> descriptors) {
		for (Descriptor descriptor : descriptors) {
			takenBy.remove(descriptor.fd());
		}
	}

	private static Passed passed() {
		if (passed == null) {
			Passed read = read(System.getenv(), ProcessHandle.current().pid());
			for (Descriptor descriptor : read.descriptors()) {
				closeOnExec(descriptor.fd());
			}
			for (String variable : List.of(LISTEN_PID, LISTEN_FDS, LISTEN_FDNAMES)) {
				try {
					LibC.INSTANCE.unsetenv(variable);
				}
				catch (LinkageError | RuntimeException ex) {
					// no libc to call: children started by native code would see them, with this pid
				}
			}
			passed = read;
		}
		return passed;
	}

	private static void closeOnExec(int fd) {
		try {
			int flags = LibC.INSTANCE.fcntl(fd, F_GETFD, 0);
			LibC.INSTANCE.fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
		}
		catch (LinkageError | RuntimeException ex) {
			// a descriptor that is not open fails its check when a listener takes it
		}
	}

	private static ListenSocket socket(ListenerSpec spec, SocketOptions options, Descriptor descriptor)
			throws ListenSocketException {
		Kind kind = kind(spec, descriptor);
		check(spec, descriptor, kind);
		SelectableChannel channel = channel(spec, descriptor, kind);
		try {
			SocketAddress local = ((NetworkChannel) channel).getLocalAddress();
			AddressInfo info = new AddressInfo(kind.family(), kind.type(),
					(kind.family() == Family.UNIX) ? Protocol.DEFAULT : spec.hints().effectiveProtocol(), local);
			InheritedSocket.setBufferSizes(spec, info, channel, options);
			return new ListenSocket(spec.name(), info, channel, local, channel);
		}
		catch (ListenSocketException | RuntimeException ex) {
			release(channel);
			throw ex;
		}
		catch (IOException ex) {
			release(channel);
			throw new ListenSocketException(spec, Step.INHERIT, SocketError.of(ex), null,
					"getsockname on " + descriptor + ": " + ex.getMessage(), EnumSet.of(Setting.INHERITED), ex);
		}
	}

	/** Releases a socket this start gave up on: close(2) of this process's descriptor, never shutdown(2). */
	private static void release(SelectableChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// the descriptor is gone either way
		}
	}

	private record Kind(Family family, SocketType type, int protocol, boolean listening) {

	}

	private static Kind kind(ListenerSpec spec, Descriptor descriptor) throws ListenSocketException {
		int domain;
		int type;
		int protocol;
		boolean listening;
		try {
			domain = option(descriptor.fd(), SO_DOMAIN);
			type = option(descriptor.fd(), SO_TYPE);
			protocol = option(descriptor.fd(), SO_PROTOCOL);
			listening = option(descriptor.fd(), SO_ACCEPTCONN) != 0;
		}
		catch (LastErrorException ex) {
			String what = (ex.getErrorCode() == 9) ? "not open in this process" : (ex.getErrorCode() == 88)
					? "not a socket" : "not readable as a socket (errno " + ex.getErrorCode() + ")";
			throw failure(spec, SocketError.NOT_A_SOCKET, descriptor + " that systemd passed is " + what,
					EnumSet.of(Setting.INHERITED));
		}
		catch (LinkageError | RuntimeException ex) {
			throw new ListenSocketException(spec, Step.INHERIT, SocketError.OTHER, null,
					"cannot call libc to read " + descriptor + ": " + ex.getMessage(), EnumSet.of(Setting.INHERITED),
					ex);
		}
		Family family = switch (domain) {
			case AF_INET -> Family.INET;
			case AF_INET6 -> Family.INET6;
			case AF_UNIX -> Family.UNIX;
			default -> Family.UNSPEC;
		};
		SocketType socketType = switch (type) {
			case SOCK_STREAM -> SocketType.STREAM;
			case SOCK_DGRAM -> SocketType.DGRAM;
			default -> SocketType.RAW;
		};
		if (family == Family.UNSPEC || socketType == SocketType.RAW
				|| (family != Family.UNIX && protocol != IPPROTO_TCP && protocol != IPPROTO_UDP)
				|| (family == Family.UNIX && socketType != SocketType.STREAM)) {
			throw failure(spec, SocketError.SOCKET_TYPE_NOT_SUPPORTED, descriptor + " is a socket of domain "
					+ domain + ", type " + type + " and protocol " + protocol + ": the starter serves TCP, UDP and "
					+ "unix stream sockets only", EnumSet.of(Setting.INHERITED));
		}
		return new Kind(family, socketType, protocol, listening);
	}

	private static void check(ListenerSpec spec, Descriptor descriptor, Kind kind) throws ListenSocketException {
		Hints hints = spec.hints();
		if (kind.type() != hints.socketType()) {
			throw failure(spec, SocketError.SOCKET_TYPE_MISMATCH, descriptor + " is a " + lower(kind.type())
					+ " socket (" + ((kind.type() == SocketType.STREAM) ? "ListenStream=" : "ListenDatagram=")
					+ "), the socket type is " + lower(hints.socketType()), EnumSet.of(Setting.SOCKET_TYPE));
		}
		Family wanted = hints.family();
		boolean familyMatches = (wanted == Family.UNSPEC) ? kind.family() != Family.UNIX : kind.family() == wanted;
		if (!familyMatches) {
			throw failure(spec, SocketError.ADDRESS_FAMILY_MISMATCH, descriptor + " is " + InheritedSocket.describe(kind.family())
					+ " socket, the family is " + lower(wanted), EnumSet.of(Setting.FAMILY));
		}
		Protocol protocol = hints.effectiveProtocol();
		if (kind.family() != Family.UNIX && protocol != Protocol.DEFAULT) {
			int number = (protocol == Protocol.TCP) ? IPPROTO_TCP : (protocol == Protocol.UDP) ? IPPROTO_UDP : -1;
			if (number != kind.protocol()) {
				throw failure(spec, SocketError.SOCKET_TYPE_MISMATCH, descriptor + " has protocol "
						+ ((kind.protocol() == IPPROTO_TCP) ? "tcp" : "udp") + ", the protocol is " + lower(protocol),
						EnumSet.of(Setting.PROTOCOL));
			}
		}
		if (kind.type() == SocketType.STREAM && !kind.listening()) {
			throw failure(spec, SocketError.INVALID_ARGUMENT, descriptor + " is a stream socket that is not "
					+ "listening: a connection (Accept=yes) or a socket bound without listen()",
					EnumSet.of(Setting.INHERITED));
		}
	}

	private static SelectableChannel channel(ListenerSpec spec, Descriptor descriptor, Kind kind)
			throws ListenSocketException {
		try {
			Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
			if (!ioUtil.getModule().isOpen(ioUtil.getPackageName(), SystemdSockets.class.getModule())) {
				throw new IllegalStateException("java.base/sun.nio.ch is not open to the starter");
			}
			Method newFd = ioUtil.getDeclaredMethod("newFD", int.class);
			newFd.setAccessible(true);
			FileDescriptor fd = (FileDescriptor) newFd.invoke(null, descriptor.fd());
			SelectorProvider provider = SelectorProvider.provider();
			if (kind.type() == SocketType.STREAM) {
				Constructor<?> server = Class.forName("sun.nio.ch.ServerSocketChannelImpl")
					.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class,
							boolean.class);
				server.setAccessible(true);
				return (SelectableChannel) server.newInstance(provider, kind.family().protocolFamily(), fd, true);
			}
			Class<?> datagramType = Class.forName("sun.nio.ch.DatagramChannelImpl");
			Constructor<?> datagram = datagramType.getDeclaredConstructor(SelectorProvider.class, FileDescriptor.class);
			datagram.setAccessible(true);
			SelectableChannel channel = (SelectableChannel) datagram.newInstance(provider, fd);
			if (kind.family() == Family.INET) {
				// the JDK takes an IPv6 socket where IPv6 is available, and would send to mapped addresses
				Field family = datagramType.getDeclaredField("family");
				family.setAccessible(true);
				family.set(channel, StandardProtocolFamily.INET);
			}
			return channel;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new ListenSocketException(spec, Step.INHERIT, SocketError.OTHER, null, "cannot make a JDK channel of "
					+ descriptor + ": " + ex + "; start the JVM with --add-opens java.base/sun.nio.ch=ALL-UNNAMED "
					+ "(an application jar's manifest can say it with Add-Opens)", EnumSet.of(Setting.INHERITED), ex);
		}
	}

	private static int option(int fd, int option) {
		IntByReference value = new IntByReference();
		LibC.INSTANCE.getsockopt(fd, SOL_SOCKET, option, value, new IntByReference(Integer.BYTES));
		return value.getValue();
	}

	private static String quoted(List<String> names) {
		return String.join(", ", names.stream().map((name) -> "'" + name + "'").toList());
	}

	private static ListenSocketException failure(ListenerSpec spec, SocketError error, String reason,
			Set<Setting> settings) {
		return new ListenSocketException(spec, Step.INHERIT, error, null, reason, settings, null);
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
