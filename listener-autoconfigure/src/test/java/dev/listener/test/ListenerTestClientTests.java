package dev.listener.test;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.handler.Connection;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;
import dev.listener.socket.Addresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test client against real listeners: over TCP, UDP and a unix socket, in each framing the
 * listener is configured with, with TLS from the listener's bundle and a client certificate, and
 * behind a PROXY header; and the failures a test relies on: another message, none, a close.
 */
class ListenerTestClientTests {

	/** Upper-cases what it reads, as bytes or, with framing, frame by frame. */
	private static final ConnectionHandler UPPER = ListenerTestClientTests::upper;

	private static final DatagramHandler DATAGRAM_UPPER = (datagram) -> datagram.reply(ByteBuffer.wrap(
			StandardCharsets.UTF_8.decode(datagram.payload()).toString().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ListenerAutoConfiguration.class,
				ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
		.withPropertyValues("listener.port=0", "listener.host=127.0.0.1");

	@TempDir
	Path dir;

	private static void upper(Connection connection) throws Exception {
		if (connection.isFramed()) {
			for (byte[] frame = connection.readFrame(); frame != null; frame = connection.readFrame()) {
				connection.writeFrame(upper(frame));
			}
			return;
		}
		ByteBuffer buffer = ByteBuffer.allocate(1024);
		while (connection.read(buffer) >= 0) {
			buffer.flip();
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			connection.write(ByteBuffer.wrap(upper(bytes)));
			buffer.clear();
		}
	}

	private static byte[] upper(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void aByteStreamListenerAnswersWhatWasSent() {
		this.runner.withBean(ConnectionHandler.class, () -> UPPER).run((context) -> {
			try (ListenerTestClient client = ListenerTestClient.connect(context)) {
				client.send("hi").expect("HI");
				client.send("there").expect("THERE");
				assertThat(client.tlsSession()).isNull();
			}
		});
	}

	@Test
	void lineFramesAreSentAndReceivedOneMessageAtATime() {
		this.runner.withBean(ConnectionHandler.class, () -> UPPER)
			.withPropertyValues("listener.framing.type=line", "listener.framing.line-ending=crlf")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.connect(context, "default")) {
					// two frames in flight: each comes back whole and on its own, without its CRLF
					client.send("one").send("two");
					assertThat(client.receive()).isEqualTo("ONE");
					client.expect("TWO");
				}
			});
	}

	@Test
	void aNamedListenerInheritsItsFramingFromListenerProperties() {
		this.runner.withBean(ConnectionHandler.class, () -> UPPER)
			.withPropertyValues("listener.framing.type=length-field", "listener.sockets.game.framing.length-field.length=2",
					"listener.sockets.game.framing.length-field.byte-order=little-endian",
					"listener.sockets.game.framing.length-field.includes-length=true",
					"listener.sockets.game.framing.max-frame-size=1KB")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.connect(context, "game")) {
					client.send("length field").expect("LENGTH FIELD");
				}
				// the listener's bytes as the framing says: 2 bytes little-endian, counting themselves
				try (ListenerTestClient raw = ListenerTestClient.to(context, "game")
					.framing(dev.listener.pipeline.Framing.NONE)
					.connect()) {
					raw.send(new byte[] { 4, 0, 'a', 'b' }).expect(new byte[] { 4, 0, 'A', 'B' });
				}
			});
	}

	@Test
	void delimitedFramesEndWithTheDelimiter() {
		this.runner.withBean(ConnectionHandler.class, () -> UPPER)
			.withPropertyValues("listener.framing.type=delimiter", "listener.framing.delimiter=;;")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.connect(context)) {
					client.send("a;b").send("c").expect("A;B").expect("C");
				}
			});
	}

	@Test
	void aDatagramListenerAnswersEachDatagram() {
		this.runner.withBean(DatagramHandler.class, () -> DATAGRAM_UPPER)
			.withPropertyValues("listener.socket-type=dgram", "listener.protocol=udp")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.connect(context)) {
					client.send("over udp").expect("OVER UDP");
					client.send("again").expect("AGAIN");
				}
			});
	}

	@Test
	void aUnixListenerIsReachedAtItsPath() {
		this.runner.withBean(ConnectionHandler.class, () -> UPPER)
			.withPropertyValues("listener.sockets.admin.family=unix",
					"listener.sockets.admin.path=" + this.dir.resolve("admin.sock"), "listener.framing.type=line")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.connect(context, "admin")) {
					client.send("over unix").expect("OVER UNIX");
				}
			});
	}

	@Test
	void tlsTrustsTheListenersBundleAndPresentsAClientCertificate() throws Exception {
		KeytoolCertificates certificates = KeytoolCertificates.in(this.dir);
		ConnectionHandler whoIsThere = (connection) -> {
			String client = connection.tlsSession().getPeerPrincipal().getName();
			connection.writeFrame(client.getBytes(StandardCharsets.UTF_8));
			upper(connection);
		};
		this.runner.withBean(ConnectionHandler.class, () -> whoIsThere)
			.withPropertyValues(certificates.serverBundle("server"))
			.withPropertyValues(certificates.clientBundle("client"))
			.withPropertyValues("listener.ssl.bundle=server", "listener.ssl.client-auth=need",
					"listener.framing.type=line")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.to(context, "default")
					.clientCertificate("client")
					.connect()) {
					client.expect("CN=test client").send("secret").expect("SECRET");
					assertThat(client.tlsSession().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
				}
				// without the certificate the listener ends the handshake (on TLS 1.3 the client sees it
				// at its first read or write, as a TLS alert or the connection closing)
				assertThatThrownBy(() -> {
					try (ListenerTestClient anonymous = ListenerTestClient.connect(context)) {
						anonymous.send("x").receive();
					}
				}).isInstanceOfAny(UncheckedIOException.class, AssertionError.class)
					.satisfies((ex) -> assertThat(ex).hasMessageContaining("listener 'default'"));
			});
	}

	@Test
	void aProxyHeaderCarriesTheClientAddressInBothVersions() {
		ConnectionHandler client = (connection) -> connection
			.writeFrame(Addresses.format(connection.remoteAddress()).getBytes(StandardCharsets.UTF_8));
		this.runner.withBean(ConnectionHandler.class, () -> client)
			.withPropertyValues("listener.proxy-protocol.mode=required", "listener.proxy-protocol.trusted=127.0.0.1",
					"listener.framing.type=line")
			.run((context) -> {
				try (ListenerTestClient v1 = ListenerTestClient.to(context, "default")
					.proxyV1(new InetSocketAddress("203.0.113.7", 40000))
					.connect()) {
					v1.expect("203.0.113.7:40000");
				}
				try (ListenerTestClient v2 = ListenerTestClient.to(context, "default")
					.proxyV2(new InetSocketAddress("198.51.100.9", 50000))
					.connect()) {
					v2.expect("198.51.100.9:50000");
				}
				// without a header a required listener closes the connection
				try (ListenerTestClient none = ListenerTestClient.connect(context)) {
					none.send("no header").expectClosed();
				}
			});
	}

	@Test
	void anotherMessageFailsNamingTheListenerAndBothMessages() {
		this.runner.withBean(ConnectionHandler.class, () -> UPPER)
			.withPropertyValues("listener.framing.type=line")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.connect(context)) {
					assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.send("hi").expect("hi"))
						.withMessage("Expected \"hi\" (2 bytes) from listener 'default' but received \"HI\" (2 bytes)");
				}
			});
	}

	@Test
	void noMessageWithinTheTimeoutFailsSayingWhatCameInstead() {
		ConnectionHandler partial = (connection) -> {
			connection.write(ByteBuffer.wrap("no line end".getBytes(StandardCharsets.UTF_8)));
			connection.read(ByteBuffer.allocate(1));
		};
		this.runner.withBean(ConnectionHandler.class, () -> partial)
			.withPropertyValues("listener.framing.type=line")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.to(context, "default")
					.timeout(Duration.ofMillis(300))
					.connect()) {
					assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.expect("no line end"))
						.withMessage("Expected \"no line end\" (11 bytes) from listener 'default' within 300 ms but "
								+ "received only part of one: \"no line end\" (11 bytes)");
				}
			});
	}

	@Test
	void aConnectionThatStaysOpenFailsExpectClosed() {
		this.runner.withBean(ConnectionHandler.class, () -> UPPER).run((context) -> {
			try (ListenerTestClient client = ListenerTestClient.to(context, "default")
				.timeout(Duration.ofMillis(200))
				.connect()) {
				assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectClosed)
					.withMessage("Expected listener 'default' to close the connection within 200 ms, but it stayed open");
			}
		});
	}

	@Test
	void anUnknownListenerIsRefusedListingTheListeners() {
		this.runner.withBean(ConnectionHandler.class, () -> UPPER)
			.withPropertyValues("listener.sockets.game.port=0", "listener.sockets.admin.port=0")
			.run((context) -> assertThatIllegalArgumentException()
				.isThrownBy(() -> ListenerTestClient.connect(context, "gmae"))
				.withMessage("No listener named 'gmae'; there are [game, admin]"));
	}

}
