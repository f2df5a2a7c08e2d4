package dev.listener.socket;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Opens listeners: resolve, then for each address socket(), setsockopt(), bind() and listen(), as
 * the recipe does. Any failure closes every socket opened so far (and removes a unix socket file it
 * created) and throws a {@link ListenSocketException} that says which step failed.
 */
public final class SocketOpener {

	/**
	 * How many times {@code unspec} with port 0 asks the kernel for a port: the port it gives the
	 * first socket may be taken on the address of another (a connection in TIME_WAIT from a client
	 * that bound that port), and only a new port helps then.
	 */
	private static final int EPHEMERAL_PORT_ATTEMPTS = 5;

	private final AddressResolver resolver;

	private final List<ListenSocketCustomizer> customizers;

	/**
	 * Creates an opener.
	 * @param resolver turns specs into addresses
	 * @param customizers applied to every stream and datagram channel before bind()
	 */
	public SocketOpener(AddressResolver resolver, List<ListenSocketCustomizer> customizers) {
		this.resolver = resolver;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Opens a listener. {@code inet} and {@code inet6} bind the first result, as the recipe does;
	 * {@code unspec} binds every result on one port (the IPv6 sockets with {@code IPV6_V6ONLY} unless
	 * configured otherwise, so that they do not collide with the IPv4 ones); with port 0, the port
	 * the kernel gives the first, and a new one when that port is taken on a later address. {@code unix} binds the
	 * path, replacing a socket file that nothing accepts on. An inherited spec binds nothing: it
	 * takes the socket on standard input, once per process, and keeps the configured options
	 * (the service manager chose its backlog).
	 * @param spec what to open
	 * @return the listener with its bound sockets
	 * @throws ListenSocketException when any step fails; nothing is left open then
	 */
	public Listener open(ListenerSpec spec) throws ListenSocketException {
		int backlog = validate(spec);
		if (spec.inheritance() == Inheritance.SYSTEMD) {
			return SystemdSockets.open(spec, spec.options());
		}
		if (spec.inherited()) {
			return InheritedSocket.open(spec, spec.options());
		}
		SocketOptions options = spec.options().withBacklog(backlog);
		if (spec.hints().family() == Family.UNIX) {
			AddressInfo info = UnixSockets.resolve(spec);
			return new Listener(spec, List.of(info), List.of(openUnix(spec, info, options)), options);
		}
		List<AddressInfo> resolved = this.resolver.resolve(spec);
		boolean unspec = spec.hints().family() == Family.UNSPEC;
		List<AddressInfo> targets = unspec ? resolved : resolved.subList(0, 1);
		for (int attempt = 1;; attempt++) {
			List<ListenSocket> sockets = new ArrayList<>();
			try {
				int port = -1;
				for (AddressInfo target : targets) {
					AddressInfo info = (port > 0 && target.port() == 0) ? target.withPort(port) : target;
					ListenSocket socket = open(spec, info, options, unspec);
					sockets.add(socket);
					port = (port > 0) ? port : socket.port();
				}
				return new Listener(spec, resolved, sockets, options);
			}
			catch (ListenSocketException ex) {
				boolean kernelsPortTaken = !sockets.isEmpty() && targets.get(0).port() == 0
						&& ex.error() == SocketError.ADDRESS_IN_USE;
				Closer.closeAfter(ex, sockets);
				if (!kernelsPortTaken || attempt == EPHEMERAL_PORT_ATTEMPTS) {
					throw ex;
				}
			}
			catch (RuntimeException ex) {
				Closer.closeAfter(ex, sockets);
				throw ex;
			}
		}
	}

	/**
	 * Opens several listeners, all or nothing: when one fails, every socket of those opened before
	 * is closed too. Two listeners on the same address, port and protocol are refused, naming both,
	 * unless both set {@code SO_REUSEPORT} to share it.
	 * @param specs what to open, in order
	 * @return the listeners
	 * @throws ListenSocketException when any listener fails; nothing is left open then
	 */
	public Listeners openAll(List<ListenerSpec> specs) throws ListenSocketException {
		List<Listener> opened = new ArrayList<>();
		try {
			for (ListenerSpec spec : specs) {
				Listener listener;
				try {
					listener = open(spec);
				}
				catch (ListenSocketException ex) {
					throw (ex.error() == SocketError.ADDRESS_IN_USE) ? Collisions.explain(ex, opened) : ex;
				}
				opened.add(listener);
				Collisions.check(listener, opened);
			}
		}
		catch (ListenSocketException | RuntimeException ex) {
			Closer.closeAfter(ex, opened);
			throw ex;
		}
		return new Listeners(opened, SystemdSockets.unclaimed().stream().map(Object::toString).toList());
	}

	private static int validate(ListenerSpec spec) throws ListenSocketException {
		SocketOptions options = spec.options();
		Integer backlog = options.backlog();
		if (backlog != null && backlog < 1) {
			throw invalid(spec, Step.LISTEN, "invalid backlog " + backlog
					+ ": must be at least 1 (leave it unset for the system maximum, " + SystemBacklog.get() + ")",
					EnumSet.of(Setting.BACKLOG));
		}
		checkBufferSize(spec, "receive", options.receiveBufferSize(), Setting.RECEIVE_BUFFER_SIZE);
		checkBufferSize(spec, "send", options.sendBufferSize(), Setting.SEND_BUFFER_SIZE);
		Family family = spec.hints().family();
		if (options.ipv6Only() != null && (family == Family.INET || family == Family.UNIX)) {
			throw invalid(spec, Step.OPTION, "IPV6_V6ONLY applies to IPv6 sockets and the family is "
					+ family.name().toLowerCase(Locale.ROOT) + "; remove it or use family inet6 or unspec",
					EnumSet.of(Setting.IPV6_ONLY, Setting.FAMILY));
		}
		return (backlog != null) ? backlog : SystemBacklog.get();
	}

	private static void checkBufferSize(ListenerSpec spec, String kind, @Nullable Integer size, Setting setting)
			throws ListenSocketException {
		if (size != null && size <= 0) {
			throw invalid(spec, Step.OPTION, "invalid " + kind + " buffer size " + size
					+ " bytes: must be positive (leave it unset for the system default)", EnumSet.of(setting));
		}
	}

	private static ListenSocketException invalid(ListenerSpec spec, Step step, String reason, Set<Setting> settings) {
		return new ListenSocketException(spec, step, SocketError.INVALID_ARGUMENT, null, reason, settings, null);
	}

	/**
	 * Binds a unix socket, under the path's lock from the probe of an existing file to the chmod
	 * after listen(). The file appears at bind(); from then on every failure removes it, and so does
	 * closing the socket while the path is still this socket's file.
	 */
	private ListenSocket openUnix(ListenerSpec spec, AddressInfo info, SocketOptions options)
			throws ListenSocketException {
		Set<PosixFilePermission> permissions = UnixSockets.permissions(spec);
		Path path = ((UnixDomainSocketAddress) info.address()).getPath();
		try (UnixSockets.PathLock lock = UnixSockets.lock(spec, info)) {
			UnixSockets.prepare(spec, info);
			return bindUnix(spec, info, options, path, permissions);
		}
	}

	private ListenSocket bindUnix(ListenerSpec spec, AddressInfo info, SocketOptions options, Path path,
			@Nullable Set<PosixFilePermission> permissions) throws ListenSocketException {
		SelectableChannel channel = socket(spec, info);
		List<Closeable> created = new ArrayList<>(List.of(channel));
		Step step = Step.OPTION;
		try {
			configure(spec, info, (NetworkChannel) channel, options, false);
			step = Step.BIND;
			bind(info, channel, options.backlog());
			Object bound = UnixSockets.fileKey(path);
			created.add(() -> UnixSockets.removeIfBound(path, bound));
			if (permissions != null) {
				try {
					Files.setPosixFilePermissions(path, permissions);
				}
				catch (IOException | UnsupportedOperationException ex) {
					throw new ListenSocketException(spec, Step.BIND, (ex instanceof IOException) ? SocketError.of(ex)
							: SocketError.OPTION_NOT_SUPPORTED, info.address(),
							"chmod " + spec.permissions() + " " + path + ": " + ex.getMessage(),
							EnumSet.of(Setting.PERMISSIONS), ex);
				}
			}
			return new ListenSocket(spec.name(), info, channel, ((NetworkChannel) channel).getLocalAddress(), () -> {
				// the file first, so that no other process's bind can come between close and removal
				try {
					UnixSockets.removeIfBound(path, bound);
				}
				finally {
					channel.close();
				}
			});
		}
		catch (ListenSocketException | RuntimeException ex) {
			Closer.closeAfter(ex, created);
			throw ex;
		}
		catch (IOException ex) {
			Closer.closeAfter(ex, created);
			throw new ListenSocketException(spec, step, SocketError.of(ex), info.address(), null, ex);
		}
	}

	private ListenSocket open(ListenerSpec spec, AddressInfo info, SocketOptions options, boolean unspec)
			throws ListenSocketException {
		SocketAddress address = info.address();
		if (info.socketType() == SocketType.RAW) {
			throw new ListenSocketException(spec, Step.SOCKET, SocketError.SOCKET_TYPE_NOT_SUPPORTED, address,
					"raw sockets are not supported by the JVM; use socket type stream or dgram", null);
		}
		SelectableChannel channel = socket(spec, info);
		try {
			if (channel instanceof NetworkChannel network) {
				configure(spec, info, network, options, unspec);
			}
			bind(info, channel, options.backlog());
			SocketAddress local = (channel instanceof NetworkChannel network) ? network.getLocalAddress()
					: Sctp.localAddress(channel);
			return new ListenSocket(spec.name(), info, channel, local);
		}
		catch (ListenSocketException | RuntimeException ex) {
			Closer.closeAfter(ex, List.of(channel));
			throw ex;
		}
		catch (IOException ex) {
			Closer.closeAfter(ex, List.of(channel));
			throw new ListenSocketException(spec, Step.BIND, SocketError.of(ex), address, null, ex);
		}
	}

	private static SelectableChannel socket(ListenerSpec spec, AddressInfo info) throws ListenSocketException {
		try {
			return switch (info.protocol()) {
				case SCTP -> Sctp.open(info.socketType());
				case UDP -> DatagramChannel.open(info.family().protocolFamily());
				default -> ServerSocketChannel.open(info.family().protocolFamily());
			};
		}
		catch (UnsupportedOperationException | LinkageError ex) {
			boolean sctp = info.protocol() == Protocol.SCTP;
			throw new ListenSocketException(spec, Step.SOCKET,
					sctp ? SocketError.PROTOCOL_NOT_SUPPORTED : SocketError.FAMILY_NOT_SUPPORTED, info.address(),
					sctp ? Sctp.UNAVAILABLE : familyUnavailable(info), ex);
		}
		catch (IOException ex) {
			SocketError error = SocketError.of(ex);
			throw new ListenSocketException(spec, Step.SOCKET, error, info.address(),
					(error == SocketError.FAMILY_NOT_SUPPORTED) ? familyUnavailable(info) : null, ex);
		}
	}

	private static String familyUnavailable(AddressInfo info) {
		return switch (info.family()) {
			case INET6 -> "IPv6 is not available on this host";
			case UNIX -> "unix domain sockets are not available on this host";
			default -> "IPv4 is not available on this host";
		};
	}

	private void configure(ListenerSpec spec, AddressInfo info, NetworkChannel channel, SocketOptions options,
			boolean unspec) throws ListenSocketException {
		if (info.family() != Family.UNIX) {
			// unix sockets have no TIME_WAIT to reuse; a stale socket file is replaced instead
			setOption(spec, info, channel, StandardSocketOptions.SO_REUSEADDR, options.reuseAddress(),
					Setting.REUSE_ADDRESS);
		}
		if (options.reusePort()) {
			setOption(spec, info, channel, StandardSocketOptions.SO_REUSEPORT, true, Setting.REUSE_PORT);
		}
		if (options.receiveBufferSize() != null) {
			setOption(spec, info, channel, StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize(),
					Setting.RECEIVE_BUFFER_SIZE);
		}
		if (options.sendBufferSize() != null && channel instanceof DatagramChannel) {
			setOption(spec, info, channel, StandardSocketOptions.SO_SNDBUF, options.sendBufferSize(),
					Setting.SEND_BUFFER_SIZE);
		}
		Boolean ipv6Only = (options.ipv6Only() != null) ? options.ipv6Only() : (unspec ? Boolean.TRUE : null);
		if (ipv6Only != null && info.family() == Family.INET6) {
			try {
				Ipv6Only.set(channel, ipv6Only);
			}
			catch (IOException | RuntimeException | LinkageError ex) {
				throw optionFailure(spec, info, "IPV6_V6ONLY", Setting.IPV6_ONLY, ex);
			}
		}
		for (ListenSocketCustomizer customizer : this.customizers) {
			try {
				customizer.customize(channel, info);
			}
			catch (IOException | UnsupportedOperationException ex) {
				throw optionFailure(spec, info, customizer.getClass().getName(), null, ex);
			}
		}
	}

	static <T> void setOption(ListenerSpec spec, AddressInfo info, NetworkChannel channel,
			SocketOption<T> option, T value, Setting setting) throws ListenSocketException {
		try {
			channel.setOption(option, value);
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			throw optionFailure(spec, info, option.name(), setting, ex);
		}
	}

	private static ListenSocketException optionFailure(ListenerSpec spec, AddressInfo info, String option,
			@Nullable Setting setting, Throwable ex) {
		SocketError error = (ex instanceof UnsupportedOperationException) ? SocketError.OPTION_NOT_SUPPORTED
				: SocketError.of(ex);
		Set<Setting> settings = (setting != null) ? EnumSet.of(setting) : EnumSet.noneOf(Setting.class);
		return new ListenSocketException(spec, Step.OPTION, error, info.address(), option + ": " + ex.getMessage(),
				settings, ex);
	}

	private static void bind(AddressInfo info, SelectableChannel channel, int backlog) throws IOException {
		if (channel instanceof ServerSocketChannel server) {
			server.bind(info.address(), backlog);
		}
		else if (channel instanceof DatagramChannel datagram) {
			datagram.bind(info.address());
		}
		else {
			Sctp.bind(channel, info.address(), backlog);
		}
	}

}
