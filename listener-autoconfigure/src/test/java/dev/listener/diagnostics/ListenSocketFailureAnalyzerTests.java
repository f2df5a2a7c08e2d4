package dev.listener.diagnostics;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import dev.listener.socket.Family;
import dev.listener.socket.Hints;
import dev.listener.socket.Inheritance;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Protocol;
import dev.listener.socket.Setting;
import dev.listener.socket.SocketError;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SocketType;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.Step;
import dev.listener.socket.SystemAddressResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From the exception the JDK throws (with the text it has on Linux, macOS and Windows) to the
 * report: the error's names, the property to change with its value, and the action.
 */
class ListenSocketFailureAnalyzerTests {

	private static final ListenerSpec SPEC = new ListenerSpec("default",
			new Hints(Family.INET6, SocketType.STREAM, Protocol.TCP, true), "::1", "80", SocketOptions.defaults());

	private static final InetSocketAddress ADDRESS = new InetSocketAddress("::1", 80);

	static Stream<Arguments> jdkExceptions() {
		return Stream.of(
				Arguments.of(new BindException("Address already in use"), "EADDRINUSE / WSAEADDRINUSE",
						"listener.port: 80", "Stop the process that listens on port 80"),
				Arguments.of(new BindException("Address already in use: bind"), "EADDRINUSE / WSAEADDRINUSE",
						"listener.port: 80", "set listener.port to another port (0 picks a free one)"),
				Arguments.of(new BindException("Cannot assign requested address"), "EADDRNOTAVAIL / WSAEADDRNOTAVAIL",
						"listener.host: ::1", "Set listener.host to an address of this machine"),
				Arguments.of(new BindException("Can't assign requested address"), "EADDRNOTAVAIL / WSAEADDRNOTAVAIL",
						"listener.host: ::1", "Set listener.host to an address of this machine"),
				Arguments.of(new BindException("Permission denied"), "EACCES / WSAEACCES", "listener.port: 80",
						"Set listener.port to a port from 1024 up"),
				Arguments.of(new SocketException("Protocol family unavailable"), "EAFNOSUPPORT / WSAEAFNOSUPPORT",
						"listener.family: inet6", "This host has no IPv6: set listener.family to inet"),
				Arguments.of(new SocketException("Address family not supported by protocol"),
						"EAFNOSUPPORT / WSAEAFNOSUPPORT", "listener.family: inet6",
						"This host has no IPv6: set listener.family to inet"),
				Arguments.of(new UnsupportedAddressTypeException(), "EAFNOSUPPORT / WSAEAFNOSUPPORT",
						"listener.family: inet6", "This host has no IPv6: set listener.family to inet"),
				Arguments.of(new SocketException("Connection reset"), "EIO / WSASYSCALLFAILURE", "listener.port: 80",
						"logged at DEBUG level"));
	}

	@ParameterizedTest
	@MethodSource("jdkExceptions")
	void jdkExceptionBecomesItsReport(Exception jdkException, String errorNames, String property, String action) {
		ListenSocketException failure = new ListenSocketException(SPEC, Step.BIND, SocketError.of(jdkException),
				ADDRESS, null, jdkException);
		FailureAnalysis analysis = analyze(failure);
		assertThat(analysis.getDescription()).startsWith("listen tcp6 [::1]:80: bind: ")
			.contains("(" + errorNames + ")\n")
			.contains("\n    " + property);
		assertThat(analysis.getAction()).contains(action);
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	@Test
	void unsupportedOptionNamesItsProperty() {
		SocketException jdkException = new SocketException("Protocol not available");
		ListenSocketException failure = new ListenSocketException(SPEC, Step.OPTION, SocketError.of(jdkException),
				ADDRESS, "SO_REUSEPORT: Protocol not available", EnumSet.of(Setting.REUSE_PORT), jdkException);
		FailureAnalysis analysis = analyze(failure);
		assertThat(analysis.getDescription()).contains("(ENOPROTOOPT / WSAENOPROTOOPT)")
			.contains("failed at setsockopt() on [::1]:80")
			.contains("\n    listener.reuse-port: false");
		assertThat(analysis.getAction()).startsWith("Remove listener.reuse-port: ");
	}

	@Test
	void namedListenerReportsItsOwnProperties() {
		ListenerSpec admin = new ListenerSpec("admin", Hints.recipe(), null, "65536", SocketOptions.defaults());
		ListenSocketException failure = new ListenSocketException(admin, Step.RESOLVE, SocketError.INVALID_ARGUMENT,
				null, "invalid port 65536: out of range 0-65535", EnumSet.of(Setting.PORT), null);
		FailureAnalysis analysis = analyze(failure);
		assertThat(analysis.getDescription()).contains("Listener 'admin' ")
			.contains("\n    listener.sockets.admin.port: 65536");
		assertThat(analysis.getAction()).startsWith("Set listener.sockets.admin.port to a port number");
	}

	/** The opener has asked for five ports by then: stopping "the process on port N" would not help. */
	@Test
	void unspecWithPortZeroInUseOnALaterAddressSaysSoInsteadOfNamingAProcess() {
		ListenerSpec unspec = new ListenerSpec("default", new Hints(Family.UNSPEC, SocketType.STREAM, Protocol.TCP, false),
				null, "0", SocketOptions.defaults());
		FailureAnalysis analysis = analyze(new ListenSocketException(unspec, Step.BIND, SocketError.ADDRESS_IN_USE,
				new InetSocketAddress("127.0.0.1", 40001), null, null));
		assertThat(analysis.getAction()).startsWith("Each of five ports the kernel chose for the first address")
			.contains("set listener.port to a fixed free port, or listener.family to inet or inet6")
			.doesNotContain("Stop the process");
	}

	@Test
	void unsetPropertyIsShownAsNotSet() {
		ListenerSpec noHost = new ListenerSpec("default", Hints.recipe(), null, "80", SocketOptions.defaults());
		FailureAnalysis analysis = analyze(new ListenSocketException(noHost, Step.BIND, SocketError.ADDRESS_IN_USE,
				new InetSocketAddress("0.0.0.0", 80), null, null));
		assertThat(analysis.getDescription()).contains("\n    listener.host: (not set)\n    listener.port: 80");
	}

	@Test
	void unixSocketInUseNamesThePathAndHowToFindItsProcess(@TempDir Path directory) throws Exception {
		Path path = directory.resolve("app.sock");
		try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			other.bind(UnixDomainSocketAddress.of(path));
			FailureAnalysis analysis = analyze(unixFailure(path.toString(), null, null));
			assertThat(analysis.getDescription())
				.startsWith("listen unix " + path + ": bind: address already in use (EADDRINUSE / WSAEADDRINUSE)\n")
				.contains("failed at bind() on " + path)
				.contains("\n    listener.path: " + path);
			assertThat(analysis.getAction()).isEqualTo("Stop the process that listens on " + path
					+ " (find it with: ss -lxp | grep " + path + "), or set listener.path to another path.");
		}
	}

	@Test
	void twoUnixListenersOnOnePathAreToldApart(@TempDir Path directory) {
		String path = directory.resolve("app.sock").toString();
		List<ListenerSpec> specs = List.of("first", "second").stream()
			.map((name) -> new ListenerSpec(name, new Hints(Family.UNIX, SocketType.STREAM, Protocol.TCP, true), null,
					"0", SocketOptions.defaults(), path, null, false))
			.toList();
		try {
			new SocketOpener(new SystemAddressResolver(), List.of()).openAll(specs).close();
			throw new AssertionError("both opened");
		}
		catch (IOException ex) {
			FailureAnalysis analysis = analyze((ListenSocketException) ex);
			assertThat(analysis.getDescription()).contains("\n    listener.sockets.second.path: " + path)
				.contains("\n    listener.sockets.first.path: " + path);
			assertThat(analysis.getAction()).isEqualTo("Give listener 'second' another path "
					+ "(listener.sockets.second.path), or listener 'first' (listener.sockets.first.path).");
		}
	}

	@Test
	void unixSocketInAMissingDirectorySaysToCreateIt(@TempDir Path directory) throws Exception {
		Path path = directory.resolve("run").resolve("app.sock");
		FailureAnalysis analysis = analyze(unixFailure(path.toString(), null, null));
		assertThat(analysis.getDescription()).contains("(ENOENT / ERROR_PATH_NOT_FOUND)")
			.contains("\n    listener.path: " + path);
		assertThat(analysis.getAction()).startsWith("Create the directory of listener.path (mkdir -p "
				+ path.getParent() + ";");
	}

	@Test
	void unixPathTooLongSaysToShortenIt(@TempDir Path directory) throws Exception {
		String path = directory.resolve("x".repeat(120)).toString();
		FailureAnalysis analysis = analyze(unixFailure(path, null, null));
		assertThat(analysis.getDescription()).contains("(EINVAL / WSAEINVAL)").contains("\n    listener.path: " + path);
		assertThat(analysis.getAction()).startsWith("Shorten listener.path: a unix socket path is at most 107 bytes");
	}

	@Test
	void unixFileThatIsNotASocketIsLeftAndReported(@TempDir Path directory) throws Exception {
		Path path = Files.writeString(directory.resolve("app.sock"), "data");
		FailureAnalysis analysis = analyze(unixFailure(path.toString(), null, null));
		assertThat(analysis.getDescription()).contains("(ENOTSOCK / WSAENOTSOCK)");
		assertThat(analysis.getAction()).startsWith("Remove or rename what is at " + path);
	}

	@Test
	void unixSettingsThatDoNotApplyNameTheirProperty() throws Exception {
		assertThat(analyze(unixFailure("app.sock", "rw-", null)).getAction())
			.startsWith("Set listener.permissions to nine characters as ls -l shows them");
		assertThat(analyze(unixFailure("app.sock", null, "127.0.0.1")).getAction())
			.startsWith("Remove listener.host: family unix binds listener.path");
		assertThat(analyze(unixFailure(null, null, null)).getAction())
			.isEqualTo("Set listener.path to the path of the socket file, such as /run/app/app.sock.");
	}

	@Test
	void unixDirectoryWithoutWritePermissionSaysToFixIt() {
		ListenerSpec unix = unixSpec("/run/app/app.sock", null, null);
		BindException jdkException = new BindException("Permission denied");
		FailureAnalysis analysis = analyze(new ListenSocketException(unix, Step.BIND, SocketError.of(jdkException),
				UnixDomainSocketAddress.of("/run/app/app.sock"), null, jdkException));
		assertThat(analysis.getDescription())
			.startsWith("listen unix /run/app/app.sock: bind: permission denied (EACCES / WSAEACCES)")
			.contains("\n    listener.path: /run/app/app.sock");
		assertThat(analysis.getAction()).startsWith("Fix the permissions of the directory /run/app: ");
	}

	@Test
	void inheritedSocketFailuresSayWhatToPass() {
		ListenerSpec inherited = new ListenerSpec("default", Hints.recipe(), null, "27015", SocketOptions.defaults(),
				null, null, true);
		FailureAnalysis notASocket = analyze(new ListenSocketException(inherited, Step.INHERIT,
				SocketError.NOT_A_SOCKET, null, "standard input is not a socket", EnumSet.of(Setting.INHERITED), null));
		assertThat(notASocket.getDescription())
			.startsWith("listen tcp4 stdin: inherit: standard input is not a socket (ENOTSOCK / WSAENOTSOCK)")
			.contains("could not serve the socket inherited on standard input")
			.contains("\n    listener.inherited: true");
		assertThat(notASocket.getAction()).contains("StandardInput=socket").contains("set listener.inherited to false");
		FailureAnalysis type = analyze(new ListenSocketException(inherited, Step.INHERIT,
				SocketError.SOCKET_TYPE_MISMATCH, null, "standard input is a dgram socket, the socket type is stream",
				EnumSet.of(Setting.SOCKET_TYPE, Setting.INHERITED), null));
		assertThat(type.getDescription()).contains("\n    listener.socket-type: stream");
		assertThat(type.getAction()).startsWith("Set listener.socket-type to the type of the inherited socket");
		FailureAnalysis family = analyze(new ListenSocketException(inherited, Step.INHERIT,
				SocketError.ADDRESS_FAMILY_MISMATCH, ADDRESS, "standard input is an IPv6 socket, the family is inet",
				EnumSet.of(Setting.FAMILY, Setting.INHERITED), null));
		assertThat(family.getAction()).startsWith("Set listener.family to the family of the inherited socket");
		FailureAnalysis twice = analyze(new ListenSocketException(inherited, Step.INHERIT,
				SocketError.INVALID_ARGUMENT, null, "standard input was already inherited by listener 'default'",
				EnumSet.of(Setting.INHERITED), null));
		assertThat(twice.getAction()).startsWith("Set listener.inherited to true on one listener only");
	}

	@Test
	void aSystemdSocketThatWasNotPassedIsNotCalledStandardInput() {
		ListenerSpec systemd = new ListenerSpec("default", Hints.recipe(), null, "27015", SocketOptions.defaults(), null,
				null, Inheritance.SYSTEMD, null);
		FailureAnalysis analysis = analyze(new ListenSocketException(systemd, Step.INHERIT, SocketError.NOT_A_SOCKET,
				null, "LISTEN_PID is not set, so systemd passed no sockets to this process: nothing was passed",
				EnumSet.of(Setting.INHERITED), null));
		assertThat(analysis.getDescription()).startsWith("listen tcp4 systemd socket 'default': inherit: LISTEN_PID")
			.contains("Listener 'default' could not take systemd's socket 'default' (socket activation).")
			.doesNotContain("standard input");
		assertThat(analysis.getAction()).startsWith("Start the application from a .socket unit's service");
	}

	private static ListenSocketException unixFailure(String path, String permissions, String host) throws Exception {
		SocketOpener opener = new SocketOpener(new SystemAddressResolver(), List.of());
		try (Listener listener = opener.open(unixSpec(path, permissions, host))) {
			throw new AssertionError("opened " + listener);
		}
		catch (ListenSocketException ex) {
			return ex;
		}
	}

	private static ListenerSpec unixSpec(String path, String permissions, String host) {
		return new ListenerSpec("default", new Hints(Family.UNIX, SocketType.STREAM, Protocol.TCP, true), host,
				"27015", SocketOptions.defaults(), path, permissions, false);
	}

	private static FailureAnalysis analyze(ListenSocketException failure) {
		FailureAnalysis analysis = new ListenSocketFailureAnalyzer(new MockEnvironment())
			.analyze(new IllegalStateException("context refresh failed", failure));
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
