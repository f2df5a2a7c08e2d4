package dev.listener.socket;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The listening socket a service manager passed on standard input (systemd
 * {@code StandardInput=socket}, inetd {@code wait}), through {@link System#inheritedChannel()}.
 * Nothing is bound: what was inherited is checked against the configured family and socket type,
 * and the options that still apply to a bound socket (buffer sizes) are set; the bind-time ones
 * (reuse address and port, IPv6-only, backlog) and the customizers are not applied. A socket that
 * fails a check is closed, like everything else the opener gives up on, keeping stdout and stderr
 * (see {@link Stdio}).
 */
final class InheritedSocket {

	/** The listener that took standard input: the JDK returns the same channel to every caller. */
	private static @Nullable String takenBy;

	private InheritedSocket() {
	}

	static Listener open(ListenerSpec spec, SocketOptions options) throws ListenSocketException {
		Channel inherited = take(spec);
		try {
			SelectableChannel channel = check(spec, inherited);
			SocketAddress local = localAddress(spec, (NetworkChannel) channel);
			AddressInfo info = new AddressInfo(Family.of(local), spec.hints().socketType(),
					spec.hints().effectiveProtocol(), local);
			checkFamily(spec, info);
			InheritedSocket.setBufferSizes(spec, info, channel, options);
			ListenSocket socket = new ListenSocket(spec.name(), info, channel, local, () -> Stdio.close(inherited));
			return new Listener(spec, List.of(info), List.of(socket), options);
		}
		catch (ListenSocketException | RuntimeException ex) {
			Closer.closeAfter(ex, List.of(() -> Stdio.close(inherited)));
			throw ex;
		}
	}

	/**
	 * Sets the options that still apply to a socket bound by someone else: the buffer sizes. The
	 * bind-time ones (reuse address and port, IPv6-only, backlog) and the customizers do not.
	 */
	static void setBufferSizes(ListenerSpec spec, AddressInfo info, SelectableChannel channel, SocketOptions options)
			throws ListenSocketException {
		NetworkChannel network = (NetworkChannel) channel;
		if (options.receiveBufferSize() != null) {
			SocketOpener.setOption(spec, info, network, StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize(),
					Setting.RECEIVE_BUFFER_SIZE);
		}
		if (options.sendBufferSize() != null && channel instanceof DatagramChannel) {
			SocketOpener.setOption(spec, info, network, StandardSocketOptions.SO_SNDBUF, options.sendBufferSize(),
					Setting.SEND_BUFFER_SIZE);
		}
	}

	private static synchronized Channel take(ListenerSpec spec) throws ListenSocketException {
		if (takenBy != null) {
			throw failure(spec, SocketError.INVALID_ARGUMENT, "standard input was already inherited by listener '"
					+ takenBy + "': only one listener in a process can inherit it", EnumSet.of(Setting.INHERITED));
		}
		Channel channel;
		try {
			channel = System.inheritedChannel();
		}
		catch (IOException ex) {
			throw new ListenSocketException(spec, Step.INHERIT, SocketError.of(ex), null,
					"cannot read standard input: " + ex.getMessage(), EnumSet.of(Setting.INHERITED), ex);
		}
		if (channel == null) {
			throw failure(spec, SocketError.NOT_A_SOCKET, "standard input is not a socket (a terminal, pipe or file)",
					EnumSet.of(Setting.INHERITED));
		}
		takenBy = spec.name();
		return channel;
	}

	private static SelectableChannel check(ListenerSpec spec, Channel channel) throws ListenSocketException {
		SocketType type = spec.hints().socketType();
		if (channel instanceof SocketChannel) {
			throw failure(spec, SocketError.INVALID_ARGUMENT, "standard input is a connected stream socket, not a "
					+ "listening one (inetd nowait, systemd Accept=yes)", EnumSet.of(Setting.INHERITED));
		}
		if (type != SocketType.STREAM && type != SocketType.DGRAM) {
			throw failure(spec, SocketError.SOCKET_TYPE_NOT_SUPPORTED, "socket type " + lower(type)
					+ " cannot be inherited: the JDK inherits stream and dgram sockets only",
					EnumSet.of(Setting.SOCKET_TYPE, Setting.INHERITED));
		}
		Protocol protocol = spec.hints().effectiveProtocol();
		if (protocol != Protocol.DEFAULT && protocol != type.defaultProtocol()) {
			throw failure(spec, protocol.supports(type) ? SocketError.PROTOCOL_NOT_SUPPORTED
					: SocketError.SOCKET_TYPE_MISMATCH, "protocol " + lower(protocol) + " with socket type "
							+ lower(type) + " cannot be inherited: the JDK inherits tcp and udp sockets only",
					EnumSet.of(Setting.SOCKET_TYPE, Setting.PROTOCOL, Setting.INHERITED));
		}
		String found = (channel instanceof ServerSocketChannel) ? "stream" : (channel instanceof DatagramChannel)
				? "dgram" : channel.getClass().getSimpleName();
		boolean matches = (type == SocketType.STREAM) ? channel instanceof ServerSocketChannel
				: channel instanceof DatagramChannel;
		if (!matches) {
			throw failure(spec, SocketError.SOCKET_TYPE_MISMATCH,
					"standard input is a " + found + " socket, the socket type is " + lower(type),
					EnumSet.of(Setting.SOCKET_TYPE, Setting.INHERITED));
		}
		if (channel instanceof ServerSocketChannel server && Boolean.FALSE.equals(AcceptConn.of(server))) {
			throw failure(spec, SocketError.INVALID_ARGUMENT, "standard input is a stream socket that is not "
					+ "listening (bound, but listen() was not called)", EnumSet.of(Setting.INHERITED));
		}
		return (SelectableChannel) channel;
	}

	private static SocketAddress localAddress(ListenerSpec spec, NetworkChannel channel) throws ListenSocketException {
		SocketAddress local;
		try {
			local = channel.getLocalAddress();
		}
		catch (IOException ex) {
			throw new ListenSocketException(spec, Step.INHERIT, SocketError.of(ex), null,
					"getsockname on standard input: " + ex.getMessage(), EnumSet.of(Setting.INHERITED), ex);
		}
		if (local == null) {
			throw failure(spec, SocketError.INVALID_ARGUMENT, "standard input is a socket that is not bound",
					EnumSet.of(Setting.INHERITED));
		}
		return local;
	}

	private static void checkFamily(ListenerSpec spec, AddressInfo info) throws ListenSocketException {
		Family wanted = spec.hints().family();
		Family found = info.family();
		boolean matches = (wanted == Family.UNSPEC) ? found != Family.UNIX : found == wanted;
		if (!matches) {
			throw new ListenSocketException(spec, Step.INHERIT, SocketError.ADDRESS_FAMILY_MISMATCH, info.address(),
					"standard input is " + describe(found) + " socket, the family is " + lower(wanted),
					EnumSet.of(Setting.FAMILY, Setting.INHERITED), null);
		}
	}

	/** @return the family as an adjective with its article: {@code an IPv4} */
	static String describe(Family family) {
		return switch (family) {
			case INET -> "an IPv4";
			case INET6 -> "an IPv6";
			case UNIX -> "a unix";
			case UNSPEC -> "an unknown";
		};
	}

	private static ListenSocketException failure(ListenerSpec spec, SocketError error, String reason,
			Set<Setting> settings) {
		return new ListenSocketException(spec, Step.INHERIT, error, null, reason, settings, null);
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
