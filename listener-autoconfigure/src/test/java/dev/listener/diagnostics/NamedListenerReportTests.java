package dev.listener.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;
import dev.listener.socket.ProcNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The reports of named listeners, from a real {@code SpringApplication}: each names the failing
 * listener's own properties ({@code listener.sockets.<name>.*}), with no stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class NamedListenerReportTests {

	@Test
	void aFailingNamedListenerIsReportedWithItsOwnPropertiesAndTheOthersAreClosed(CapturedOutput output)
			throws IOException {
		int first = freePort();
		try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			int port = holder.getLocalPort();
			Report report = fail(output, "--listener.host=127.0.0.1", "--listener.sockets.game-tcp.port=" + first,
					"--listener.sockets.game-udp.port=" + port)
				.has("listener.sockets.game-udp.port: " + port, "EADDRINUSE / WSAEADDRINUSE",
						"set listener.sockets.game-udp.port to another port");
			assertThat(report.description()).contains("Listener 'game-udp' failed at bind()")
				.contains("\n    listener.sockets.game-udp.host: 127.0.0.1\n        inherited from listener.host, from "
						+ "\"listener.host\" from property source \"commandLineArgs\"")
				.contains("\n    listener.sockets.game-udp.port: " + port + "\n        from \"listener.sockets.game-udp.port\"");
			assertThat(ProcNet.tcpListeners(first)).isEmpty();
		}
	}

	@Test
	void collidingListenersAreReportedWithTheirBothProperties(CapturedOutput output) throws IOException {
		int port = freePort();
		Report report = fail(output, "--listener.port=" + port, "--listener.socket-type=dgram",
				"--listener.protocol=udp", "--listener.sockets.syslog.host=0.0.0.0",
				"--listener.sockets.metrics.host=127.0.0.1")
			.has("listener.sockets.metrics.port: " + port, "EADDRINUSE / WSAEADDRINUSE",
					"Give listener 'metrics' another port (listener.sockets.metrics.port)");
		assertThat(report.description())
			.startsWith("listen udp4 127.0.0.1:" + port + ": bind: listener 'syslog' is configured for 0.0.0.0:"
					+ port + " too")
			.contains("Listener 'syslog', opened before it:\n\n    listener.sockets.syslog.host: 0.0.0.0\n")
			.contains("    listener.sockets.syslog.port: " + port + "\n        inherited from listener.port, from");
		assertThat(report.action()).contains("listener.sockets.syslog.reuse-port");
		assertThat(ProcNet.udpSockets(port)).isEmpty();
	}

	@Test
	void anUnknownHandlerIsReportedWithTheHandlerBeansThatExist(CapturedOutput output) {
		Report report = failWithHandlers(output, "--listener.sockets.game.handler=gameHandlr");
		assertThat(report.description())
			.contains("Invalid value 'gameHandlr' for configuration property 'listener.sockets.game.handler'")
			.contains("There is no bean named 'gameHandlr'. ConnectionHandler beans: gameHandler, adminHandler; "
					+ "DatagramHandler beans: udpEcho.");
	}

	@Test
	void aHandlerOfTheWrongTypeIsReported(CapturedOutput output) {
		Report report = failWithHandlers(output, "--listener.sockets.game.handler=udpEcho");
		assertThat(report.description())
			.contains("Invalid value 'udpEcho' for configuration property 'listener.sockets.game.handler'")
			.contains("Listener 'game' is a stream listener, served by a ConnectionHandler, and bean 'udpEcho' is a "
					+ "DatagramHandler.");
	}

	@Test
	void twoHandlerCandidatesWithoutANameAreReported(CapturedOutput output) {
		Report report = failWithHandlers(output, "--listener.sockets.game.port=0");
		assertThat(report.description()).contains("'listener.sockets.game.handler'")
			.contains("could be served by any of the ConnectionHandler beans gameHandler, adminHandler: set "
					+ "listener.sockets.game.handler to the name of one");
	}

	private static Report fail(CapturedOutput output, String... args) {
		assertThatException().isThrownBy(() -> FailingApplication.application().run(FailingApplication.withPort(args)));
		return report(output);
	}

	private static Report failWithHandlers(CapturedOutput output, String... args) {
		SpringApplication application = new SpringApplication(HandlersApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run(FailingApplication.withPort(args)));
		return report(output);
	}

	private static Report report(CapturedOutput output) {
		assertThat(output.toString()).as("stack traces in the output").doesNotContain("\tat ");
		return Report.in(output.toString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ListenerAutoConfiguration.class, ListenerServerAutoConfiguration.class })
	static class HandlersApplication {

		@Bean
		ConnectionHandler gameHandler() {
			return (connection) -> {
			};
		}

		@Bean
		ConnectionHandler adminHandler() {
			return (connection) -> {
			};
		}

		@Bean
		DatagramHandler udpEcho() {
			return (datagram) -> {
			};
		}

	}

}
