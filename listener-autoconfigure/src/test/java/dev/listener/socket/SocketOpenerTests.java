package dev.listener.socket;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

import dev.listener.engine.SocketCounters;
import dev.listener.engine.blocking.BlockingConnections;
import dev.listener.handler.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SocketOpenerTests {

	private final List<Listener> opened = new ArrayList<>();

	private final SocketOpener opener = new SocketOpener(new SystemAddressResolver(), List.of());

	@BeforeAll
	static void linux() {
		assumeTrue(ProcNet.available(), "needs Linux's /proc/net socket tables");
	}

	@AfterEach
	void close() throws IOException {
		for (Listener listener : this.opened) {
			listener.close();
		}
	}

	@Test
	void inetMakesAnAfInetSocket() throws Exception {
		Listener listener = open(spec(Family.INET, SocketType.STREAM, Protocol.TCP, null, SocketOptions.defaults()));
		assertThat(ProcNet.tcpListeners(listener.port())).containsExactly(Family.INET);
		assertThat(listener.boundAddresses()).extracting(Addresses::format)
			.containsExactly("0.0.0.0:" + listener.port());
	}

	@Test
	void inet6MakesAnAfInet6Socket() throws Exception {
		Listener listener = open(spec(Family.INET6, SocketType.STREAM, Protocol.TCP, null, SocketOptions.defaults()));
		assertThat(ProcNet.tcpListeners(listener.port())).containsExactly(Family.INET6);
		assertThat(listener.boundAddresses()).extracting(Addresses::format).containsExactly("[::]:" + listener.port());
	}

	@Test
	void dgramMakesABoundDatagramSocket() throws Exception {
		Listener listener = open(spec(Family.INET, SocketType.DGRAM, Protocol.UDP, null, SocketOptions.defaults()));
		assertThat(listener.sockets().get(0).datagramChannel().getLocalAddress()).isNotNull();
		assertThat(ProcNet.udpSockets(listener.port())).containsExactly(Family.INET);
		assertThat(ProcNet.tcpListeners(listener.port())).isEmpty();
	}

	@Test
	void unspecBindsBothWildcardsOnOnePortWithPortZero() throws Exception {
		Listener listener = open(spec(Family.UNSPEC, SocketType.STREAM, Protocol.TCP, null, SocketOptions.defaults()));
		assertThat(listener.sockets()).hasSize(2);
		int port = listener.port();
		assertThat(port).isPositive();
		assertThat(listener.boundAddresses()).extracting(Addresses::format)
			.containsExactly("0.0.0.0:" + port, "[::]:" + port);
		assertThat(ProcNet.tcpListeners(port)).containsExactlyInAnyOrder(Family.INET, Family.INET6);
	}

	/**
	 * With port 0 the kernel picks the port for the first address only: when that port is taken on
	 * the second (as by a client's connection in TIME_WAIT), the listener asks for another.
	 */
	@Test
	void unspecWithPortZeroAsksForANewPortWhenTheFirstIsTakenOnTheOtherAddress() throws Exception {
		List<ServerSocketChannel> blockers = new ArrayList<>();
		try {
			Listener listener = open(blockingTheSecondAddress(blockers, 1), loopbackUnspec());
			assertThat(blockers).hasSize(1);
			int taken = port(blockers.get(0));
			assertThat(listener.sockets()).hasSize(2);
			assertThat(listener.port()).isNotEqualTo(taken);
			assertThat(ProcNet.tcpListeners(listener.port())).containsExactlyInAnyOrder(Family.INET, Family.INET6);
			// the first try's socket is closed: only the blocker is left on that port
			assertThat(ProcNet.tcpListeners(taken)).containsExactly(family(blockers.get(0)));
		}
		finally {
			closeAll(blockers);
		}
	}

	@Test
	void unspecWithPortZeroGivesUpAfterFivePortsAndLeavesNothingOpen() throws Exception {
		List<ServerSocketChannel> blockers = new ArrayList<>();
		try {
			assertThatExceptionOfType(ListenSocketException.class)
				.isThrownBy(() -> open(blockingTheSecondAddress(blockers, Integer.MAX_VALUE), loopbackUnspec()))
				.satisfies((ex) -> assertThat(ex.error()).isEqualTo(SocketError.ADDRESS_IN_USE));
			assertThat(blockers).hasSize(5);
			for (ServerSocketChannel blocker : blockers) {
				assertThat(ProcNet.tcpListeners(port(blocker))).containsExactly(family(blocker));
			}
		}
		finally {
			closeAll(blockers);
		}
	}

	@Test
	void unspecServesEachFamilyOnItsOwnSocket() throws Exception {
		Listener listener = open(spec(Family.UNSPEC, SocketType.STREAM, Protocol.TCP, null, SocketOptions.defaults()));
		ListenSocket ipv4 = listener.sockets().get(0);
		ListenSocket ipv6 = listener.sockets().get(1);
		try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), listener.port());
				Connection connection = BlockingConnections.accept(ipv4)) {
			assertThat(((InetSocketAddress) connection.remoteAddress()).getPort()).isEqualTo(client.getLocalPort());
		}
		try (Socket client = new Socket(InetAddress.getByName("::1"), listener.port());
				Connection connection = BlockingConnections.accept(ipv6)) {
			assertThat(((InetSocketAddress) connection.remoteAddress()).getPort()).isEqualTo(client.getLocalPort());
		}
	}

	@Test
	void ipv6OnlyRefusesIpv4Clients() throws Exception {
		SocketOptions ipv6Only = new SocketOptions(null, true, false, true, null, null);
		Listener listener = open(spec(Family.INET6, SocketType.STREAM, Protocol.TCP, null, ipv6Only));
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> new Socket(InetAddress.getByName("127.0.0.1"), listener.port()).close());
	}

	@Test
	void dualStackInet6AcceptsIpv4Clients() throws Exception {
		SocketOptions dualStack = new SocketOptions(null, true, false, false, null, null);
		Listener listener = open(spec(Family.INET6, SocketType.STREAM, Protocol.TCP, null, dualStack));
		try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), listener.port());
				Connection connection = BlockingConnections.accept(listener.sockets().get(0))) {
			assertThat(client.isConnected()).isTrue();
			assertThat(connection).isNotNull();
		}
	}

	@Test
	void notPassiveBindsTheLoopback() throws Exception {
		Hints hints = new Hints(Family.INET, SocketType.STREAM, Protocol.TCP, false);
		Listener listener = open(new ListenerSpec("default", hints, null, "0", SocketOptions.defaults()));
		assertThat(listener.boundAddresses()).extracting(Addresses::format)
			.containsExactly("127.0.0.1:" + listener.port());
	}

	@Test
	void optionsAreApplied() throws Exception {
		SocketOptions options = new SocketOptions(7, false, true, null, 65536, null);
		Listener listener = open(spec(Family.INET, SocketType.STREAM, Protocol.TCP, null, options));
		ServerSocketChannel channel = listener.sockets().get(0).serverSocketChannel();
		assertThat(channel.getOption(StandardSocketOptions.SO_REUSEADDR)).isFalse();
		assertThat(channel.getOption(StandardSocketOptions.SO_REUSEPORT)).isTrue();
		assertThat(channel.getOption(StandardSocketOptions.SO_RCVBUF)).isGreaterThanOrEqualTo(65536);
		assertThat(listener.options().backlog()).isEqualTo(7);
	}

	@Test
	void backlogDefaultsToTheSystemMaximum() throws Exception {
		Listener listener = open(spec(Family.INET, SocketType.STREAM, Protocol.TCP, null, SocketOptions.defaults()));
		String somaxconn = new String(Runtime.getRuntime().exec(new String[] { "cat", "/proc/sys/net/core/somaxconn" })
			.getInputStream()
			.readAllBytes()).trim();
		assertThat(listener.options().backlog()).isEqualTo(Integer.parseInt(somaxconn));
	}

	@Test
	void customizersRunBeforeBind() throws Exception {
		List<String> seen = new ArrayList<>();
		SocketOpener customized = new SocketOpener(new SystemAddressResolver(), List.of((channel, info) -> {
			seen.add(info.toString() + " bound=" + (channel.getLocalAddress() != null));
			channel.setOption(StandardSocketOptions.SO_RCVBUF, 32768);
		}));
		Listener listener = customized
			.open(spec(Family.INET, SocketType.STREAM, Protocol.TCP, null, SocketOptions.defaults()));
		this.opened.add(listener);
		assertThat(seen).containsExactly("0.0.0.0:0 bound=false");
		assertThat(listener.sockets().get(0).serverSocketChannel().getOption(StandardSocketOptions.SO_RCVBUF))
			.isGreaterThanOrEqualTo(32768);
	}

	@Test
	void customizerFailureIsAnOptionFailure() {
		SocketOpener failing = new SocketOpener(new SystemAddressResolver(), List.of((channel, info) -> {
			throw new IOException("refused");
		}));
		assertThatExceptionOfType(ListenSocketException.class)
			.isThrownBy(() -> failing.open(spec(Family.INET, SocketType.STREAM, Protocol.TCP, null, SocketOptions.defaults())))
			.satisfies((ex) -> assertThat(ex.step()).isEqualTo(Step.OPTION));
	}

	@Test
	void portInUseFailsAtBindWithGoStyleMessage() throws Exception {
		try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
			int port = holder.getLocalPort();
			assertThatExceptionOfType(ListenSocketException.class)
				.isThrownBy(() -> this.opener.open(new ListenerSpec("default", Hints.recipe(), null,
						Integer.toString(port), new SocketOptions(null, false, false, null, null, null))))
				.satisfies((ex) -> {
					assertThat(ex.step()).isEqualTo(Step.BIND);
					assertThat(ex.error()).isEqualTo(SocketError.ADDRESS_IN_USE);
					assertThat(ex.getMessage()).isEqualTo("listen tcp4 0.0.0.0:" + port
							+ ": bind: address already in use (EADDRINUSE / WSAEADDRINUSE)");
				});
		}
	}

	@Test
	void failureClosesTheSocketsAlreadyOpened() throws Exception {
		int free;
		try (ServerSocket probe = new ServerSocket(0)) {
			free = probe.getLocalPort();
		}
		// the second address is on no interface here, so its bind fails after the first succeeded
		AddressResolver twoAddresses = (spec) -> List.of(
				new AddressInfo(Family.INET, SocketType.STREAM, Protocol.TCP, new InetSocketAddress("127.0.0.1", free)),
				new AddressInfo(Family.INET, SocketType.STREAM, Protocol.TCP, new InetSocketAddress("192.0.2.1", free)));
		SocketOpener failing = new SocketOpener(twoAddresses, List.of());
		ListenerSpec spec = spec(Family.UNSPEC, SocketType.STREAM, Protocol.TCP, null, SocketOptions.defaults());
		assertThatExceptionOfType(ListenSocketException.class).isThrownBy(() -> failing.open(spec))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(SocketError.ADDRESS_NOT_AVAILABLE));
		assertThat(ProcNet.tcpListeners(free)).isEmpty();
		try (ServerSocketChannel again = ServerSocketChannel.open()) {
			again.bind(new InetSocketAddress("127.0.0.1", free));
			assertThat(again.socket().getLocalPort()).isEqualTo(free);
		}
	}

	@Test
	void rawIsRefused() {
		assertThatExceptionOfType(ListenSocketException.class)
			.isThrownBy(() -> this.opener.open(spec(Family.INET, SocketType.RAW, Protocol.DEFAULT, null, SocketOptions.defaults())))
			.satisfies((ex) -> {
				assertThat(ex.step()).isEqualTo(Step.SOCKET);
				assertThat(ex.error()).isEqualTo(SocketError.SOCKET_TYPE_NOT_SUPPORTED);
				assertThat(ex.getMessage()).contains("not supported by the JVM").contains("WSAESOCKTNOSUPPORT");
			});
	}

	@Test
	void sctpWithoutSupportIsAClearError() {
		assumeTrue(!SctpSupport.available(), "this machine supports SCTP");
		assertThatExceptionOfType(ListenSocketException.class)
			.isThrownBy(() -> this.opener.open(spec(Family.INET, SocketType.SEQPACKET, Protocol.DEFAULT, "127.0.0.1", SocketOptions.defaults())))
			.satisfies((ex) -> {
				assertThat(ex.step()).isEqualTo(Step.SOCKET);
				assertThat(ex.error()).isEqualTo(SocketError.PROTOCOL_NOT_SUPPORTED);
				assertThat(ex.reason()).contains("SCTP is not available").contains("libsctp1");
			});
	}

	@Test
	void invalidOptionsAreRefusedBeforeAnySocketIsOpened() {
		assertThat(invalid(new SocketOptions(-5, true, false, null, null, null), Family.INET))
			.satisfies((ex) -> assertThat(ex.step()).isEqualTo(Step.LISTEN))
			.satisfies((ex) -> assertThat(ex.reason()).startsWith("invalid backlog -5: must be at least 1"));
		assertThat(invalid(new SocketOptions(null, true, false, null, 0, null), Family.INET))
			.satisfies((ex) -> assertThat(ex.reason()).startsWith("invalid receive buffer size 0 bytes"));
		assertThat(invalid(new SocketOptions(null, true, false, null, null, 0), Family.INET))
			.satisfies((ex) -> assertThat(ex.reason()).startsWith("invalid send buffer size 0 bytes"));
		assertThat(invalid(new SocketOptions(null, true, false, true, null, null), Family.INET))
			.satisfies((ex) -> assertThat(ex.reason()).startsWith("IPV6_V6ONLY applies to IPv6 sockets"));
	}

	@Test
	void acceptedConnectionsAreCounted() throws Exception {
		Listener listener = open(spec(Family.INET, SocketType.STREAM, Protocol.TCP, "127.0.0.1", SocketOptions.defaults()));
		ListenSocket socket = listener.sockets().get(0);
		try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), listener.port())) {
			Connection connection = BlockingConnections.accept(socket);
			client.getOutputStream().write(new byte[] { 1, 2, 3 });
			ByteBuffer buffer = ByteBuffer.allocate(16);
			while (buffer.position() < 3) {
				connection.read(buffer);
			}
			buffer.flip();
			connection.write(buffer);
			assertThat(SocketCounters.of(socket).accepted()).isEqualTo(1);
			assertThat(SocketCounters.of(socket).active()).isEqualTo(1);
			connection.close();
			connection.close();
		}
		assertThat(SocketCounters.of(socket).active()).isZero();
		assertThat(SocketCounters.of(socket).closed()).isEqualTo(1);
		assertThat(SocketCounters.of(socket).bytesReceived()).isEqualTo(3);
		assertThat(SocketCounters.of(socket).bytesSent()).isEqualTo(3);
		assertThat(SocketCounters.of(socket).connectionNanos()).isPositive();
	}

	@Test
	void closeClosesEverySocket() throws Exception {
		Listener listener = open(spec(Family.UNSPEC, SocketType.STREAM, Protocol.TCP, null, SocketOptions.defaults()));
		listener.close();
		assertThat(listener.isOpen()).isFalse();
		assertThat(listener.sockets()).noneMatch(ListenSocket::isOpen);
		assertThat(ProcNet.tcpListeners(listener.port())).isEmpty();
	}

	private ListenSocketException invalid(SocketOptions options, Family family) {
		try {
			open(spec(family, SocketType.STREAM, Protocol.TCP, null, options));
		}
		catch (ListenSocketException ex) {
			assertThat(ex.error()).isEqualTo(SocketError.INVALID_ARGUMENT);
			return ex;
		}
		throw new AssertionError("options were accepted: " + options);
	}

	/** {@code unspec} on loopback ({@code ::1} and 127.0.0.1), port 0. */
	private static ListenerSpec loopbackUnspec() {
		return new ListenerSpec("default", new Hints(Family.UNSPEC, SocketType.STREAM, Protocol.TCP, false), null, "0",
				SocketOptions.defaults());
	}

	/**
	 * An opener whose customizer, before the second address is bound on the first one's port, takes
	 * that port on the second address (with a socket of that address's family), up to {@code times}
	 * times.
	 */
	private static SocketOpener blockingTheSecondAddress(List<ServerSocketChannel> blockers, int times) {
		return new SocketOpener(new SystemAddressResolver(), List.of((channel, info) -> {
			if (info.port() != 0 && blockers.size() < times) {
				InetSocketAddress address = (InetSocketAddress) info.address();
				ServerSocketChannel blocker = ServerSocketChannel.open((address.getAddress() instanceof Inet6Address)
						? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
				blockers.add(blocker);
				blocker.bind(address);
			}
		}));
	}

	private static int port(ServerSocketChannel socket) throws IOException {
		return ((InetSocketAddress) socket.getLocalAddress()).getPort();
	}

	private static Family family(ServerSocketChannel socket) throws IOException {
		return (((InetSocketAddress) socket.getLocalAddress()).getAddress() instanceof Inet6Address) ? Family.INET6
				: Family.INET;
	}

	private static void closeAll(List<ServerSocketChannel> sockets) throws IOException {
		for (ServerSocketChannel socket : sockets) {
			socket.close();
		}
	}

	private Listener open(SocketOpener opener, ListenerSpec spec) throws ListenSocketException {
		Listener listener = opener.open(spec);
		this.opened.add(listener);
		return listener;
	}

	private Listener open(ListenerSpec spec) throws ListenSocketException {
		return open(this.opener, spec);
	}

	private static ListenerSpec spec(Family family, SocketType type, Protocol protocol, String host,
			SocketOptions options) {
		return new ListenerSpec("default", new Hints(family, type, protocol, true), host, "0", options);
	}

}
