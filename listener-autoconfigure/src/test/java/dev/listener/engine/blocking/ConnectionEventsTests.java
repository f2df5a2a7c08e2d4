package dev.listener.engine.blocking;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.engine.CloseReason;
import dev.listener.engine.ConnectionAdmission;
import dev.listener.engine.ConnectionObserver;
import dev.listener.engine.ConnectionView;
import dev.listener.engine.SocketCounters;
import dev.listener.handler.ConnectionHandler;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one place every connection event passes through, seen by a recording hook bean (an
 * observer and an admission): the same sequence of events on every engine for a plain echo, a
 * denied address, a TLS connection, a PROXY connection, and an admission refusing a client. The
 * subclass runs the same on Netty.
 */
public class ConnectionEventsTests {

	private static final String HOST = "127.0.0.1";

	@TempDir
	Path dir;

	/** What the hooks were told and asked, in order. */
	final Queue<String> events = new ConcurrentLinkedQueue<>();

	/** The views the observer saw close. */
	final Queue<ConnectionView> closed = new ConcurrentLinkedQueue<>();

	/** The client address the admission refuses, if any. */
	volatile @Nullable String refusing;

	/** Whether the admission refuses only a client a PROXY header named. */
	volatile boolean refusingOnlyProxied;

	/** @return the runner of the engine under test, on port 0 */
	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
			.withPropertyValues("listener.port=0", "listener.host=" + HOST)
			.withBean(Recorder.class, () -> new Recorder(this));
	}

	/** @return the engine under test's echo handler */
	protected ApplicationContextRunner echo(ApplicationContextRunner runner) {
		return runner.withBean(ConnectionHandler.class, () -> EchoClient::echo);
	}

	/** @return the engine's name as the hooks see it */
	protected String engineName() {
		return "blocking";
	}

	private TestCertificates certificates;

	@BeforeEach
	void clear() {
		this.events.clear();
		this.closed.clear();
	}

	@Test
	void aPlainEchoIsOpenedAdmittedAndClosedOnceWithItsBytes() {
		echo(runner()).run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.roundTrip("hello")).isEqualTo("hello");
			}
			await().untilAsserted(() -> assertThat(this.events).contains("released 127.0.0.1"));
			assertThat(this.events).containsExactly("opened 127.0.0.1", "admit 127.0.0.1", "closed eof",
					"released 127.0.0.1");
			ConnectionView view = this.closed.element();
			assertThat(view.listenerName()).isEqualTo("default");
			assertThat(view.engineName()).isEqualTo(engineName());
			assertThat(view.network()).isEqualTo("tcp");
			assertThat(view.bytesReceived()).isEqualTo(5);
			assertThat(view.bytesSent()).isEqualTo(5);
			assertThat(view.isProxied()).isFalse();
			assertThat(view.tlsSession()).isNull();
			assertThat(view.rejectReason()).isNull();
			assertThat(view.localAddress()).isEqualTo(listener(context).sockets().get(0).localAddress());
			assertThat(view.startMillis()).isPositive();
			assertThat(counters(context).closed(CloseReason.EOF)).isEqualTo(1);
		});
	}

	@Test
	void aDeniedAddressIsRefusedBeforeAnyAdmissionIsAsked() {
		echo(runner()).withPropertyValues("listener.deny=127.0.0.1/32").run((context) -> {
			try (Socket client = PipelineClients.connect(HOST, HOST, port(context))) {
				assertThat(PipelineClients.readUntilClosed(client)).isZero();
			}
			await().untilAsserted(() -> assertThat(this.events).contains("closed rejected denied"));
			assertThat(this.events).containsExactly("opened 127.0.0.1", "closed rejected denied");
			SocketCounters counters = counters(context);
			assertThat(counters.rejected(RejectReason.DENIED)).isEqualTo(1);
			assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(1);
		});
	}

	@Test
	void aTlsConnectionReportsItsHandshakeWithProtocolCipherAndServerName() throws Exception {
		this.certificates = TestCertificates.in(this.dir);
		echo(runner()).withPropertyValues("listener.ssl.bundle=server")
			.withPropertyValues(this.certificates.serverBundle("server"))
			.run((context) -> {
				try (Socket raw = PipelineClients.connect(HOST, HOST, port(context));
						SSLSocket client = (SSLSocket) this.certificates.client(null)
							.getSocketFactory()
							.createSocket(raw, "localhost", port(context), true)) {
					// the JDK sends no server name without a dot in it on its own
					SSLParameters parameters = client.getSSLParameters();
					parameters.setServerNames(List.of(new SNIHostName("localhost")));
					client.setSSLParameters(parameters);
					client.startHandshake();
					client.getOutputStream().write("secret".getBytes(StandardCharsets.UTF_8));
					assertThat(new String(client.getInputStream().readNBytes(6), StandardCharsets.UTF_8))
						.isEqualTo("secret");
				}
				await().untilAsserted(() -> assertThat(this.events).contains("released 127.0.0.1"));
				assertThat(this.events).containsExactly("opened 127.0.0.1", "admit 127.0.0.1",
						"handshake TLSv1.3 localhost", "closed eof", "released 127.0.0.1");
				ConnectionView view = this.closed.element();
				assertThat(view.tlsCipherSuite()).startsWith("TLS_");
				// TLS records on the wire: more than the six bytes of plaintext each way
				assertThat(view.bytesReceived()).isGreaterThan(6);
				assertThat(view.bytesSent()).isGreaterThan(6);
				assertThat(counters(context).handshakes()).isEqualTo(1);
			});
	}

	@Test
	void aFailedHandshakeIsReportedAndClosesAsRejected() throws Exception {
		this.certificates = TestCertificates.in(this.dir);
		echo(runner()).withPropertyValues("listener.ssl.bundle=server")
			.withPropertyValues(this.certificates.serverBundle("server"))
			.run((context) -> {
				try (Socket client = PipelineClients.connect(HOST, HOST, port(context))) {
					client.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					PipelineClients.readUntilClosed(client);
				}
				await().untilAsserted(() -> assertThat(this.events).contains("released 127.0.0.1"));
				assertThat(this.events).containsExactly("opened 127.0.0.1", "admit 127.0.0.1",
						"handshake failed protocol", "closed rejected", "released 127.0.0.1");
				assertThat(counters(context).handshakeFailures(HandshakeFailure.PROTOCOL)).isEqualTo(1);
			});
	}

	@Test
	void aProxyHeaderGivesTheHooksTheRealClientAndTheAdmissionIsAskedAgain() {
		echo(proxied(runner())).run((context) -> {
			try (Socket client = PipelineClients.connect(HOST, HOST, port(context))) {
				client.getOutputStream()
					.write(("PROXY TCP4 192.0.2.9 127.0.0.1 40001 " + port(context) + "\r\nhi")
						.getBytes(StandardCharsets.US_ASCII));
				assertThat(new String(client.getInputStream().readNBytes(2), StandardCharsets.US_ASCII))
					.isEqualTo("hi");
			}
			await().untilAsserted(() -> assertThat(this.events).contains("released 192.0.2.9"));
			assertThat(this.events).containsExactly("opened 127.0.0.1", "admit 127.0.0.1", "proxied 192.0.2.9",
					"admit 192.0.2.9 proxied", "closed eof", "released 192.0.2.9");
			ConnectionView view = this.closed.element();
			assertThat(view.isProxied()).isTrue();
			assertThat(view.clientAddress()).isEqualTo(new InetSocketAddress("192.0.2.9", 40001));
			assertThat(((InetSocketAddress) view.remoteAddress()).getAddress().getHostAddress()).isEqualTo(HOST);
		});
	}

	@Test
	void anAdmissionRefusingAClientClosesItCountedAsRejectedWithTheReason() {
		this.refusing = HOST;
		echo(runner()).run((context) -> {
			try (Socket client = PipelineClients.connect(HOST, HOST, port(context))) {
				assertThat(PipelineClients.readUntilClosed(client)).isZero();
			}
			await().untilAsserted(() -> assertThat(this.events).contains("closed rejected proxy-untrusted"));
			// refused: it is not told of the close of what it did not admit
			assertThat(this.events).containsExactly("opened 127.0.0.1", "admit 127.0.0.1",
					"closed rejected proxy-untrusted");
			SocketCounters counters = counters(context);
			assertThat(counters.rejected(RejectReason.PROXY_UNTRUSTED)).isEqualTo(1);
			assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(1);
			assertThat(counters.active()).isZero();
		});
	}

	@Test
	void anAdmissionRefusingTheClientAPROXYHeaderNamesIsToldOfTheCloseOfWhatItAdmittedAtAccept() {
		this.refusing = "192.0.2.9";
		this.refusingOnlyProxied = true;
		echo(proxied(runner())).run((context) -> {
			try (Socket client = PipelineClients.connect(HOST, HOST, port(context))) {
				client.getOutputStream()
					.write(("PROXY TCP4 192.0.2.9 127.0.0.1 40001 " + port(context) + "\r\nhi")
						.getBytes(StandardCharsets.US_ASCII));
				assertThat(PipelineClients.readUntilClosed(client)).isZero();
			}
			await().untilAsserted(() -> assertThat(this.events).contains("released 192.0.2.9"));
			assertThat(this.events).containsExactly("opened 127.0.0.1", "admit 127.0.0.1", "proxied 192.0.2.9",
					"admit 192.0.2.9 proxied", "closed rejected proxy-untrusted", "released 192.0.2.9");
			assertThat(counters(context).rejected(RejectReason.PROXY_UNTRUSTED)).isEqualTo(1);
			assertThat(counters(context).closed(CloseReason.REJECTED)).isEqualTo(1);
		});
	}

	private static ApplicationContextRunner proxied(ApplicationContextRunner runner) {
		return runner.withPropertyValues("listener.proxy-protocol.mode=required",
				"listener.proxy-protocol.trusted=127.0.0.1/32");
	}

	private static Listener listener(AssertableApplicationContext context) {
		return context.getBean(Listener.class);
	}

	private static int port(AssertableApplicationContext context) {
		return listener(context).sockets().get(0).port();
	}

	private static SocketCounters counters(AssertableApplicationContext context) {
		return SocketCounters.of(listener(context).sockets().get(0));
	}

	private static String host(ConnectionView view) {
		return ((InetSocketAddress) view.clientAddress()).getAddress().getHostAddress();
	}

	/** Records each event, as {@code limits} or {@code observe} would hook in: one bean, both hooks. */
	static final class Recorder implements ConnectionObserver, ConnectionAdmission {

		private final ConnectionEventsTests test;

		Recorder(ConnectionEventsTests test) {
			this.test = test;
		}

		@Override
		public Handle opened(ConnectionView connection) {
			Queue<String> events = this.test.events;
			events.add("opened " + host(connection));
			return new Handle() {

				@Override
				public void proxied(ConnectionView view) {
					events.add("proxied " + host(view));
				}

				@Override
				public void handshakeCompleted(ConnectionView view, long durationNanos) {
					events.add("handshake " + view.tlsProtocol() + " " + view.tlsServerName());
				}

				@Override
				public void handshakeFailed(ConnectionView view, HandshakeFailure reason) {
					events.add("handshake failed " + reason.tagValue());
				}

				@Override
				public void closed(ConnectionView view) {
					RejectReason rejected = view.rejectReason();
					events.add("closed " + view.closeReason().tagValue()
							+ ((rejected != null) ? " " + rejected.name().toLowerCase().replace('_', '-') : ""));
					Recorder.this.test.closed.add(view);
				}

			};
		}

		@Override
		public @Nullable RejectReason admit(ConnectionView connection) {
			String client = host(connection);
			this.test.events.add("admit " + client + (connection.isProxied() ? " proxied" : ""));
			boolean refuse = client.equals(this.test.refusing)
					&& (!this.test.refusingOnlyProxied || connection.isProxied());
			return refuse ? RejectReason.PROXY_UNTRUSTED : null;
		}

		@Override
		public void closed(ConnectionView connection) {
			this.test.events.add("released " + host(connection));
		}

	}

}
