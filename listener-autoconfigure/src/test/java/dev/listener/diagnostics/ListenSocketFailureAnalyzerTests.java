package dev.listener.diagnostics;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.EnumSet;
import java.util.stream.Stream;

import dev.listener.socket.Family;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Protocol;
import dev.listener.socket.Setting;
import dev.listener.socket.SocketError;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SocketType;
import dev.listener.socket.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.diagnostics.FailureAnalysis;

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

	@Test
	void unsetPropertyIsShownAsNotSet() {
		ListenerSpec noHost = new ListenerSpec("default", Hints.recipe(), null, "80", SocketOptions.defaults());
		FailureAnalysis analysis = analyze(new ListenSocketException(noHost, Step.BIND, SocketError.ADDRESS_IN_USE,
				new InetSocketAddress("0.0.0.0", 80), null, null));
		assertThat(analysis.getDescription()).contains("\n    listener.host: (not set)\n    listener.port: 80");
	}

	private static FailureAnalysis analyze(ListenSocketException failure) {
		FailureAnalysis analysis = new ListenSocketFailureAnalyzer()
			.analyze(new IllegalStateException("context refresh failed", failure));
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
