package dev.listener.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;

import dev.listener.socket.Family;
import dev.listener.socket.ProcNet;
import dev.listener.socket.SctpSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each invalid socket of the table, started as a real {@code SpringApplication}: startup
 * fails, and Boot prints our report with the property, its value, the error's names and the change
 * to make, and no stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerStartupReportTests {

	@ParameterizedTest
	@ValueSource(strings = { "65536", "-1" })
	void portOutOfRange(String port, CapturedOutput output) {
		Report report = fail(output, "--listener.port=" + port).has("listener.port: " + port, "EINVAL / WSAEINVAL",
				"Set listener.port to a port number from 0 to 65535");
		assertThat(report.description()).contains("invalid port " + port + ": out of range 0-65535")
			.contains("\n    listener.port: " + port + "\n        from \"listener.port\" from property source \"commandLineArgs\"");
		assertThat(report.action()).contains("65536 becomes 0");
	}

	@Test
	void unknownService(CapturedOutput output) {
		Report report = fail(output, "--listener.port=nosuchservice").has("listener.port: nosuchservice",
				"EAI_SERVICE / WSATYPE_NOT_FOUND", "Set listener.port to a port number");
		assertThat(report.description()).contains("unknown service nosuchservice/tcp");
		assertThat(report.action()).contains("services database");
	}

	@Test
	void socketTypeAndProtocolDisagree(CapturedOutput output) {
		Report report = fail(output, "--listener.socket-type=dgram", "--listener.protocol=tcp")
			.has("listener.socket-type: dgram", "EAI_SOCKTYPE / WSAEPROTOTYPE",
					"stream with tcp or sctp, dgram with udp, seqpacket with sctp");
		assertThat(report.description()).contains("\n    listener.protocol: tcp");
	}

	@Test
	void rawIsNotSupportedByTheJvm(CapturedOutput output) {
		Report report = fail(output, "--listener.socket-type=raw", "--listener.protocol=default")
			.has("listener.socket-type: raw", "ESOCKTNOSUPPORT / WSAESOCKTNOSUPPORT",
					"Set listener.socket-type to stream (TCP) or dgram (UDP)");
		assertThat(report.description()).contains("raw sockets are not supported by the JVM");
	}

	@Test
	void seqpacketWithoutSctp(CapturedOutput output) {
		assumeTrue(!SctpSupport.available(), "this machine supports SCTP, so seqpacket would succeed");
		Report report = fail(output, "--listener.socket-type=seqpacket", "--listener.protocol=default",
				"--listener.host=127.0.0.1")
			.has("listener.socket-type: seqpacket", "EPROTONOSUPPORT / WSAEPROTONOSUPPORT", "jdk.sctp module");
		assertThat(report.description()).contains("SCTP is not available on this JDK or kernel");
		assertThat(report.action()).contains("libsctp1").contains("modprobe sctp");
	}

	@Test
	void ipv6HostWithFamilyInet(CapturedOutput output) {
		Report report = fail(output, "--listener.family=inet", "--listener.host=::1").has("listener.host: ::1",
				"EAI_ADDRFAMILY / WSANO_DATA", "set listener.family to inet6 or unspec");
		assertThat(report.description()).contains("\n    listener.family: inet")
			.contains("host ::1 is an IPv6 address, not inet");
		assertThat(report.action()).contains("set listener.host to an IPv4 address");
	}

	@Test
	void unknownHost(CapturedOutput output) {
		Report report = fail(output, "--listener.host=no-such-host.invalid").has(
				"listener.host: no-such-host.invalid", "EAI_NONAME / WSAHOST_NOT_FOUND",
				"Check the spelling of listener.host, use an IP address");
		assertThat(report.description()).contains("no such host no-such-host.invalid");
	}

	@Test
	void addressOnNoInterfaceOfThisMachine(CapturedOutput output) {
		Report report = fail(output, "--listener.host=192.0.2.1").has("listener.host: 192.0.2.1",
				"EADDRNOTAVAIL / WSAEADDRNOTAVAIL", "Set listener.host to an address of this machine (");
		assertThat(report.description()).contains("failed at bind() on 192.0.2.1:0");
		assertThat(report.action()).contains("127.0.0.1").doesNotContain("192.0.2.1");
	}

	@Test
	void portAlreadyInUse(CapturedOutput output) throws IOException {
		try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			int port = holder.getLocalPort();
			Report report = fail(output, "--listener.host=127.0.0.1", "--listener.port=" + port)
				.has("listener.port: " + port, "EADDRINUSE / WSAEADDRINUSE",
						"Stop the process that listens on port " + port);
			assertThat(report.description()).startsWith("listen tcp4 127.0.0.1:" + port + ": bind: ")
				.contains("\n    listener.host: 127.0.0.1");
			assertThat(report.action()).contains("set listener.port to another port (0 picks a free one)");
		}
	}

	@Test
	void unknownFamilyListsTheValidValuesInBothSpellings(CapturedOutput output) {
		Report report = failWithoutListenerLine(output, "--listener.family=inet7");
		assertThat(report.description()).startsWith("Invalid value for listener.family: 'inet7'")
			.contains("Property: listener.family")
			.contains("Value: \"inet7\"")
			.contains("Origin: \"listener.family\" from property source \"commandLineArgs\"");
		assertThat(report.action()).isEqualTo("Set listener.family to one of the valid values, in either spelling: "
				+ "inet (AF_INET, PF_INET), inet6 (AF_INET6, PF_INET6), unspec (AF_UNSPEC, PF_UNSPEC), "
				+ "unix (AF_UNIX, AF_LOCAL, PF_UNIX, PF_LOCAL).");
	}

	@Test
	void unknownSocketTypeListsTheValidValuesInBothSpellings(CapturedOutput output) {
		Report report = failWithoutListenerLine(output, "--listener.socket-type=streem");
		assertThat(report.description()).startsWith("Invalid value for listener.socket-type: 'streem'")
			.contains("Value: \"streem\"");
		assertThat(report.action()).isEqualTo("Set listener.socket-type to one of the valid values, in either "
				+ "spelling: stream (SOCK_STREAM), dgram (SOCK_DGRAM), seqpacket (SOCK_SEQPACKET), raw (SOCK_RAW).");
	}

	@Test
	void negativeBacklog(CapturedOutput output) {
		Report report = fail(output, "--listener.backlog=-5").has("listener.backlog: -5", "EINVAL / WSAEINVAL",
				"Set listener.backlog to 1 or more, or remove it for the system maximum");
		assertThat(report.description()).contains("invalid backlog -5: must be at least 1");
	}

	@Test
	void zeroBufferSize(CapturedOutput output) {
		Report report = fail(output, "--listener.receive-buffer-size=0").has("listener.receive-buffer-size: 0B",
				"EINVAL / WSAEINVAL", "Set listener.receive-buffer-size to a positive size such as 64KB");
		assertThat(report.description()).contains("invalid receive buffer size 0 bytes: must be positive");
	}

	@Test
	void ipv6OnlyWithFamilyInet(CapturedOutput output) {
		Report report = fail(output, "--listener.family=inet", "--listener.ipv6-only=true")
			.has("listener.ipv6-only: true", "EINVAL / WSAEINVAL", "Remove listener.ipv6-only, or set listener.family "
					+ "to inet6 or unspec");
		assertThat(report.description()).contains("\n    listener.family: inet")
			.contains("IPV6_V6ONLY applies to IPv6 sockets");
	}

	@Test
	void unspecClosesTheFirstSocketWhenTheSecondFails(CapturedOutput output) throws IOException {
		assumeTrue(ProcNet.available(), "needs Linux's /proc/net socket tables");
		int port;
		try (ServerSocket probe = new ServerSocket(0)) {
			// the wildcard of both families: a port nothing holds on 0.0.0.0 either
			port = probe.getLocalPort();
		}
		// the IPv6 loopback is taken, so [::]:port fails after 0.0.0.0:port was bound
		try (ServerSocket holder = new ServerSocket(port, 50, InetAddress.getByName("::1"))) {
			Report report = fail(output, "--listener.family=unspec", "--listener.port=" + port)
				.has("listener.port: " + port, "EADDRINUSE / WSAEADDRINUSE", "Stop the process that listens on port");
			assertThat(report.description()).startsWith("listen tcp [::]:" + port + ": bind: ");
			assertThat(ProcNet.tcpListeners(port)).containsExactly(Family.INET6);
		}
		try (ServerSocketChannel again = ServerSocketChannel.open()) {
			again.bind(new InetSocketAddress("0.0.0.0", port));
			assertThat(again.socket().getLocalPort()).isEqualTo(port);
		}
	}

	private static Report fail(CapturedOutput output, String... args) {
		Report report = failWithoutListenerLine(output, args);
		assertThat(report.description()).contains("\nListener 'default' ");
		return report;
	}

	private static Report failWithoutListenerLine(CapturedOutput output, String... args) {
		assertThatException().isThrownBy(() -> FailingApplication.application().run(FailingApplication.withPort(args)));
		assertThat(output.toString()).as("stack traces in the output").doesNotContain("\tat ");
		return Report.in(output.toString());
	}

}
