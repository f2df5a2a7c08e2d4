package dev.listener.engine.blocking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.listener.actuate.ListenerMetrics;
import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.engine.CloseReason;
import dev.listener.engine.SocketCounters;
import dev.listener.handler.ConnectionHandler;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.socket.Listener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * TLS from an SSL bundle of PEM files that {@code openssl} makes for each test, on the blocking
 * engine; the subclass runs the same tests on Netty. Java, {@code openssl s_client} and Python
 * clients.
 */
public class TlsServingTests {

	private static final String HOST = "127.0.0.1";

	@TempDir
	Path dir;

	TestCertificates certificates;

	@BeforeEach
	void makeCertificates() throws Exception {
		this.certificates = TestCertificates.in(this.dir);
	}

	private ApplicationContextRunner runner() {
		return runnerWithoutHost().withPropertyValues("listener.port=0", "listener.host=" + HOST);
	}

	/** @return the runner of the engine under test, with TLS from the bundle {@code server} */
	protected ApplicationContextRunner runnerWithoutHost() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
			.withPropertyValues("listener.ssl.bundle=server")
			.withPropertyValues(this.certificates.serverBundle("server"));
	}

	/** @return the handlers of the engine under test */
	protected TestHandlers handlers() {
		return TestHandlers.BLOCKING;
	}

	/** Records the first connection's protocol, cipher suite and client subject, then echoes. */
	protected ApplicationContextRunner recordingSession(ApplicationContextRunner runner, AtomicReference<String> seen) {
		ConnectionHandler recording = (connection) -> {
			seen.set(describe(connection.tlsSession()));
			EchoClient.echo(connection);
		};
		return runner.withBean(ConnectionHandler.class, () -> recording);
	}

	/**
	 * Fails on the first bytes with an {@code SSLException} of the handler's own, such as one from
	 * a TLS client it runs, or {@code getPeerCertificates()} without a client certificate.
	 */
	protected ApplicationContextRunner failingWithItsOwnSslException(ApplicationContextRunner runner) {
		ConnectionHandler failing = (connection) -> {
			connection.read(ByteBuffer.allocate(16));
			throw new SSLPeerUnverifiedException("the handler's own");
		};
		return runner.withBean(ConnectionHandler.class, () -> failing);
	}

	protected static String describe(SSLSession session) {
		try {
			X509Certificate client = (X509Certificate) session.getPeerCertificates()[0];
			return session.getProtocol() + " " + session.getCipherSuite() + " "
					+ client.getSubjectX500Principal().getName();
		}
		catch (IOException ex) {
			return session.getProtocol() + " " + session.getCipherSuite() + " no client certificate";
		}
	}

	private ApplicationContextRunner echo() {
		return handlers().echo(runner(), "echo");
	}

	@Test
	void aJavaClientHandshakesAndItsBytesAreEchoedAndTimed() {
		echo().run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			new ListenerMetrics(List.of(context.getBean(Listener.class))).bindTo(registry);
			try (SSLSocket client = connect(context, this.certificates.client(null))) {
				assertThat(roundTrip(client, "hello over tls")).isEqualTo("hello over tls");
				assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.handshakes()).isEqualTo(1);
			assertThat(counters.closed(CloseReason.REJECTED)).isZero();
			// the bytes on the wire: the handshake and the records, not only the 14 bytes of plaintext
			assertThat(counters.bytesReceived()).isGreaterThan(200);
			assertThat(counters.bytesSent()).isGreaterThan(200);
			assertThat(registry.get("listener.tls.handshake.duration").tag("listener", "default").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void theHandlerSeesTheProtocolTheCipherSuiteAndTheClientCertificate() {
		AtomicReference<String> seen = new AtomicReference<>();
		recordingSession(runner(), seen).withPropertyValues("listener.ssl.client-auth=need").run((context) -> {
			try (SSLSocket client = connect(context, this.certificates.client("client"))) {
				assertThat(roundTrip(client, "who am i")).isEqualTo("who am i");
				SSLSession session = client.getSession();
				assertThat(seen.get())
					.isEqualTo(session.getProtocol() + " " + session.getCipherSuite() + " CN=client");
			}
		});
	}

	@Test
	void clientAuthWantServesAClientWithoutACertificate() {
		AtomicReference<String> seen = new AtomicReference<>();
		recordingSession(runner(), seen).withPropertyValues("listener.ssl.client-auth=want").run((context) -> {
			try (SSLSocket client = connect(context, this.certificates.client(null))) {
				assertThat(roundTrip(client, "anonymous")).isEqualTo("anonymous");
				assertThat(seen.get()).endsWith(" no client certificate");
			}
		});
	}

	/**
	 * @return whether the server picks the cipher suite in its order, as the JDK's does; Netty's
	 * OpenSSL takes the client's
	 */
	protected boolean choosesCipherSuites() {
		return true;
	}

	@Test
	void withoutTheBundlesCiphersTheServerChoosesAes128GcmOverAes256GcmWhichTheClientListsFirst() {
		String expected = choosesCipherSuites() ? "_AES_128_GCM_SHA256" : "_AES_256_GCM_SHA384";
		echo().run((context) -> {
			SSLContext client = this.certificates.client(null);
			for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
				SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket();
				try (socket) {
					socket.setEnabledProtocols(new String[] { protocol });
					assertThat(socket.getEnabledCipherSuites()[0]).contains("_AES_256_GCM_");
					socket.connect(new InetSocketAddress(HOST, port(context)), EchoClient.TIMEOUT_MILLIS);
					socket.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
					assertThat(roundTrip(socket, "over " + protocol)).isEqualTo("over " + protocol);
					assertThat(socket.getSession().getCipherSuite()).as(protocol).contains(expected);
				}
			}
		});
	}

	@Test
	void theBundlesCiphersAreChosenInTheBundlesOrder() {
		echo().withPropertyValues("spring.ssl.bundle.pem.server.options.enabled-protocols=TLSv1.2",
				"spring.ssl.bundle.pem.server.options.ciphers=TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,"
						+ "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
			.run((context) -> {
				try (SSLSocket client = connect(context, this.certificates.client(null))) {
					assertThat(roundTrip(client, "in the bundle's order")).isEqualTo("in the bundle's order");
					assertThat(client.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
				}
			});
	}

	@Test
	void theBundlesProtocolsAndCiphersAreTheOnlyOnesOffered() {
		String cipher = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
		echo().withPropertyValues("spring.ssl.bundle.pem.server.options.enabled-protocols=TLSv1.2",
				"spring.ssl.bundle.pem.server.options.ciphers=" + cipher)
			.run((context) -> {
				try (SSLSocket client = connect(context, this.certificates.client(null))) {
					assertThat(roundTrip(client, "over tls 1.2")).isEqualTo("over tls 1.2");
					assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.2");
					assertThat(client.getSession().getCipherSuite()).isEqualTo(cipher);
				}
				SSLContext tls13Only = this.certificates.client(null);
				SSLSocket modern = (SSLSocket) tls13Only.getSocketFactory().createSocket();
				try (modern) {
					modern.setEnabledProtocols(new String[] { "TLSv1.3" });
					modern.connect(new InetSocketAddress(HOST, port(context)), EchoClient.TIMEOUT_MILLIS);
					modern.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
					assertThatExceptionOfType(IOException.class).isThrownBy(modern::startHandshake);
				}
				SocketCounters counters = counters(context);
				await().untilAsserted(
						() -> assertThat(counters.handshakeFailures(HandshakeFailure.PROTOCOL)).isEqualTo(1));
			});
	}

	@Test
	void clientAuthNeedRefusesAClientWithoutACertificateAndServesOneTheBundleTrusts() {
		echo().withPropertyValues("listener.ssl.client-auth=need").run((context) -> {
			SocketCounters counters = counters(context);
			try (SSLSocket anonymous = connect(context, this.certificates.client(null))) {
				assertThatExceptionOfType(IOException.class).isThrownBy(() -> roundTrip(anonymous, "let me in"));
			}
			await().untilAsserted(() -> assertThat(counters.handshakeFailures(HandshakeFailure.CERTIFICATE)).isEqualTo(1));
			try (SSLSocket client = connect(context, this.certificates.client("client"))) {
				assertThat(roundTrip(client, "with a certificate")).isEqualTo("with a certificate");
			}
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(2));
			assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(1);
			assertThat(counters.handshakes()).isEqualTo(1);
			assertThat(counters.handlerErrors()).isZero();
		});
	}

	@Test
	void anExpiredClientCertificateIsRefusedAndCountedAsACertificateFailure() {
		echo().withPropertyValues("listener.ssl.client-auth=want").run((context) -> {
			// the refusal may reach the client while it still writes its Finished (a broken pipe), or after
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				try (SSLSocket expired = connect(context, this.certificates.client("expired"))) {
					roundTrip(expired, "still valid?");
				}
			});
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(1));
			assertThat(counters.handshakeFailures(HandshakeFailure.CERTIFICATE)).isEqualTo(1);
			assertThat(counters.handlerErrors()).isZero();
		});
	}

	@Test
	void garbageInsteadOfAClientHelloClosesOnlyThatConnectionAndIsCountedAsProtocol() {
		echo().run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			new ListenerMetrics(List.of(context.getBean(Listener.class))).bindTo(registry);
			SocketCounters counters = counters(context);
			try (SSLSocket open = connect(context, this.certificates.client(null))) {
				assertThat(roundTrip(open, "before")).isEqualTo("before");
				for (int i = 0; i < 3; i++) {
					try (EchoClient plain = new EchoClient(HOST, port(context))) {
						plain.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
						assertThat(readUntilClosed(plain.socket())).isTrue();
					}
				}
				await().untilAsserted(() -> assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(3));
				assertThat(counters.handshakeFailures(HandshakeFailure.PROTOCOL)).isEqualTo(3);
				assertThat(registry.get("listener.tls.handshake.failures").tag("reason", "protocol").functionCounter()
					.count()).isEqualTo(3);
				assertThat(roundTrip(open, "after")).isEqualTo("after");
			}
			try (SSLSocket client = connect(context, this.certificates.client(null))) {
				assertThat(roundTrip(client, "still serving")).isEqualTo("still serving");
			}
			assertThat(counters.handlerErrors()).isZero();
		});
	}

	/**
	 * A record that is not TLS after the handshake is the peer's fault, like one before it: the
	 * connection closes as rejected, and the application's handler is not blamed.
	 */
	@Test
	void garbageAfterTheHandshakeClosesOnlyThatConnectionAsRejectedNotAsAHandlerError() {
		echo().run((context) -> {
			SocketCounters counters = counters(context);
			try (Socket raw = new Socket(HOST, port(context));
					SSLSocket client = (SSLSocket) this.certificates.client(null)
						.getSocketFactory()
						.createSocket(raw, HOST, port(context), false)) {
				raw.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
				client.startHandshake();
				assertThat(roundTrip(client, "before")).isEqualTo("before");
				// a record header of no TLS content type, below the client's TLS
				raw.getOutputStream().write(new byte[] { 0x63, 0x03, 0x03, 0x00, 0x04, 'j', 'u', 'n', 'k' });
				raw.getOutputStream().flush();
				assertThat(readUntilClosed(raw)).isTrue();
			}
			await().untilAsserted(() -> assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(1));
			assertThat(counters.handlerErrors()).isZero();
			assertThat(counters.closed(CloseReason.HANDLER_ERROR)).isZero();
			assertThat(counters.handshakes()).isEqualTo(1);
			try (SSLSocket next = connect(context, this.certificates.client(null))) {
				assertThat(roundTrip(next, "still serving")).isEqualTo("still serving");
			}
		});
	}

	/**
	 * A client that completes its handshake and resets at once (SO_LINGER 0) is counted alike on
	 * every engine: a close as {@code reset}, never a failed handshake. Both engines used to count
	 * the reset, which lands while the server writes its session ticket, as a failed handshake
	 * ({@code other}) and a refusal (the blocking engine about half of them, Netty nine in ten).
	 */
	@Test
	void aResetRightAfterTheHandshakeIsCountedAsAResetNotAFailedHandshake() {
		int connections = 100;
		echo().run((context) -> {
			SSLContext tls = this.certificates.client(null);
			for (int i = 0; i < connections; i++) {
				try (Socket raw = new Socket(HOST, port(context))) {
					SSLSocket client = (SSLSocket) tls.getSocketFactory().createSocket(raw, HOST, port(context), false);
					client.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
					client.startHandshake();
					raw.setSoLinger(true, 0);
				}
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(connections));
			for (HandshakeFailure reason : HandshakeFailure.values()) {
				assertThat(counters.handshakeFailures(reason)).as(reason.tagValue()).isZero();
			}
			assertThat(counters.closed(CloseReason.RESET)).isEqualTo(connections);
			assertThat(counters.closed(CloseReason.REJECTED)).isZero();
		});
	}

	/**
	 * A TLS 1.2 client that renegotiates in the middle of the connection ({@code openssl s_client
	 * -tls1_2}, then {@code R}) is served, within a second, on every engine: the JDK's TLS allows a
	 * secure (RFC 5746) renegotiation, and Netty served it already. The blocking engine used to
	 * drop the handshake's next step after its tasks, so that client and server waited on each
	 * other with the connection and its thread held.
	 */
	/**
	 * @return whether the engine's TLS serves a client's renegotiation; BoringSSL (OpenSSL on
	 * Netty) refuses one, and the connection closes as rejected, not as a handler error
	 */
	protected boolean renegotiates() {
		return true;
	}

	@Test
	void opensslSClientThatRenegotiatesIsServedWithinASecond() {
		echo().run((context) -> {
			Process process = new ProcessBuilder("openssl", "s_client", "-tls1_2", "-verify_return_error", "-CAfile",
					this.certificates.path("ca.crt").toString(), "-connect", HOST + ":" + port(context))
				.redirectErrorStream(true)
				.start();
			try {
				BlockingQueue<String> lines = new LinkedBlockingQueue<>();
				Thread reader = new Thread(() -> {
					try (BufferedReader out = new BufferedReader(
							new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
						for (String line = out.readLine(); line != null; line = out.readLine()) {
							lines.add(line);
						}
					}
					catch (IOException ex) {
						// the process ended
					}
				});
				reader.setDaemon(true);
				reader.start();
				OutputStream in = process.getOutputStream();
				in.write("before\n".getBytes(StandardCharsets.UTF_8));
				in.flush();
				assertThat(lineOf(lines, "before", 20_000)).isTrue();
				in.write("R\n".getBytes(StandardCharsets.UTF_8));
				in.flush();
				assertThat(lineOf(lines, "RENEGOTIATING", 5_000)).isTrue();
				if (!renegotiates()) {
					assertThat(process.waitFor(5, TimeUnit.SECONDS)).as("the client, refused, has ended").isTrue();
					SocketCounters counters = counters(context);
					await().untilAsserted(() -> assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(1));
					assertThat(counters.handlerErrors()).isZero();
					return;
				}
				in.write("after\n".getBytes(StandardCharsets.UTF_8));
				in.flush();
				assertThat(lineOf(lines, "after", 1_000)).as("the echo after the renegotiation, within a second")
					.isTrue();
			}
			finally {
				process.destroy();
				process.waitFor(5, TimeUnit.SECONDS);
			}
		});
	}

	/** Whether the line comes within the time, dropping the lines before it. */
	private static boolean lineOf(BlockingQueue<String> lines, String expected, long millis)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
			String line = lines.poll(left, TimeUnit.MILLISECONDS);
			if (line == null) {
				return false;
			}
			if (line.trim().equals(expected)) {
				return true;
			}
		}
		return false;
	}

	/** An {@code SSLException} of the application's own is its failure, TLS listener or not. */
	@Test
	void anSslExceptionOfTheHandlersOwnIsAHandlerError() {
		failingWithItsOwnSslException(runner()).run((context) -> {
			SocketCounters counters = counters(context);
			try (SSLSocket client = connect(context, this.certificates.client(null))) {
				client.getOutputStream().write("x".getBytes(StandardCharsets.UTF_8));
				client.getOutputStream().flush();
				assertThat(readUntilClosed(client)).isTrue();
			}
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.closed(CloseReason.HANDLER_ERROR)).isEqualTo(1);
			assertThat(counters.handlerErrors()).isEqualTo(1);
			assertThat(counters.closed(CloseReason.REJECTED)).isZero();
		});
	}

	@Test
	void aClientThatSendsNothingIsClosedAtTheHandshakeTimeout() {
		echo().withPropertyValues("listener.ssl.handshake-timeout=300ms").run((context) -> {
			SocketCounters counters = counters(context);
			long started = System.nanoTime();
			try (EchoClient silent = new EchoClient(HOST, port(context))) {
				assertThat(readUntilClosed(silent.socket())).isTrue();
			}
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
			await().untilAsserted(() -> assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(1));
			assertThat(counters.handshakeFailures(HandshakeFailure.TIMEOUT)).isEqualTo(1);
			assertThat(counters.handlerErrors()).isZero();
		});
	}

	@Test
	void replacedPemFilesAreServedToTheNextConnectionWhileAnOpenOneKeepsWorking() {
		echo().run((context) -> {
			BigInteger first = this.certificates.serial("server");
			try (SSLSocket old = connect(context, this.certificates.client(null))) {
				assertThat(roundTrip(old, "first")).isEqualTo("first");
				assertThat(serverSerial(old)).isEqualTo(first);
				this.certificates.issue("renewed", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
				BigInteger renewed = this.certificates.serial("renewed");
				assertThat(renewed).isNotEqualTo(first);
				Files.copy(this.certificates.path("renewed.key"), this.certificates.path("server.key"),
						StandardCopyOption.REPLACE_EXISTING);
				Files.copy(this.certificates.path("renewed.crt"), this.certificates.path("server.crt"),
						StandardCopyOption.REPLACE_EXISTING);
				// the key and the certificate are replaced one after the other: a reload between them sees
				// a pair that does not match, which the key pair check refuses, keeping the first pair
				await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
					try (SSLSocket next = connect(context, this.certificates.client(null))) {
						assertThat(serverSerial(next)).isEqualTo(renewed);
						assertThat(roundTrip(next, "renewed")).isEqualTo("renewed");
					}
				});
				assertThat(roundTrip(old, "still the old one")).isEqualTo("still the old one");
				assertThat(serverSerial(old)).isEqualTo(first);
			}
		});
	}

	@Test
	void aReloadToAKeyThatIsNotItsCertificatesIsRefusedAndNewConnectionsKeepThePreviousPair() {
		Logger pipelines = (Logger) LoggerFactory.getLogger("dev.listener.autoconfigure.ConnectionPipelines");
		Queue<ILoggingEvent> lines = new ConcurrentLinkedQueue<>();
		AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				lines.add(event);
			}
		};
		appender.start();
		pipelines.addAppender(appender);
		try {
			echo().run((context) -> {
				BigInteger first = this.certificates.serial("server");
				this.certificates.issue("other", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
				// the key alone: the bundle now pairs another key with the first certificate
				Files.copy(this.certificates.path("other.key"), this.certificates.path("server.key"),
						StandardCopyOption.REPLACE_EXISTING);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> lines.stream()
						.anyMatch((line) -> line.getFormattedMessage().contains("was reloaded but cannot be used")));
				ILoggingEvent warning = lines.stream()
					.filter((line) -> line.getFormattedMessage().contains("was reloaded but cannot be used"))
					.findFirst()
					.orElseThrow();
				assertThat(warning.getLevel()).isEqualTo(Level.WARN);
				assertThat(warning.getFormattedMessage()).isEqualTo("SSL bundle 'server' was reloaded but cannot be "
						+ "used; new connections of listener.ssl.bundle keep the previous key and certificate");
				assertThat(warning.getThrowableProxy().getMessage()).contains("is not the key of its certificate");
				try (SSLSocket next = connect(context, this.certificates.client(null))) {
					assertThat(serverSerial(next)).isEqualTo(first);
					assertThat(roundTrip(next, "the previous pair")).isEqualTo("the previous pair");
				}
			});
		}
		finally {
			pipelines.detachAppender(appender);
		}
	}

	@Test
	void opensslSClientWithAClientCertificateGetsItsLineEchoed() {
		echo().withPropertyValues("listener.ssl.client-auth=need").run((context) -> {
			String line = sClient("hello from openssl", "-connect", HOST + ":" + port(context), "-cert",
					this.certificates.path("client.crt").toString(), "-key",
					this.certificates.path("client.key").toString());
			assertThat(line).isEqualTo("hello from openssl");
		});
	}

	@Test
	void pythonsSslModuleConnectsVerifiesTheServerAndGetsItsLineEchoed() throws Exception {
		Assumptions.assumeTrue(TestCertificates.onPath("python3"), "python3 is not installed");
		String script = String.join("\n", "import socket, ssl, sys",
				"context = ssl.create_default_context(cafile=sys.argv[1])",
				"with socket.create_connection(('127.0.0.1', int(sys.argv[2])), timeout=10) as raw:",
				"    with context.wrap_socket(raw, server_hostname='localhost') as tls:",
				"        tls.sendall(b'hello from python\\n')", "        data = b''",
				"        while not data.endswith(b'\\n'):", "            chunk = tls.recv(1024)",
				"            if not chunk:", "                break", "            data += chunk",
				"        print(tls.version(), data.decode().strip())");
		echo().run((context) -> {
			Process python = new ProcessBuilder("python3", "-c", script, this.certificates.path("ca.crt").toString(),
					String.valueOf(port(context)))
				.redirectErrorStream(true)
				.start();
			String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			assertThat(python.waitFor(20, TimeUnit.SECONDS)).isTrue();
			assertThat(output).isEqualTo("TLSv1.3 hello from python");
			assertThat(counters(context).handshakes()).isEqualTo(1);
		});
	}

	@Test
	void aUnixListenerServesTlsToOpensslSClient() {
		Path socket = this.dir.resolve("tls.sock");
		handlers().echo(runnerWithoutHost(), "echo")
			.withPropertyValues("listener.family=unix", "listener.path=" + socket)
			.run((context) -> {
				assertThat(sClient("hello over unix", "-unix", socket.toString())).isEqualTo("hello over unix");
				assertThat(counters(context).handshakes()).isEqualTo(1);
			});
	}

	@Test
	void anUnknownBundleStopsStartupListingTheBundlesThatExist() {
		echo().withPropertyValues("listener.ssl.bundle=sever",
				"spring.ssl.bundle.pem.other.truststore.certificate=" + this.certificates.location("ca.crt"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.ssl.bundle");
					assertThat(ex.getValue()).isEqualTo("sever");
					assertThat(ex.getReason()).contains("the bundles that exist: other, server")
						.contains("spring.ssl.bundle.pem.sever");
				}));
	}

	@ParameterizedTest(name = "client-auth={0}")
	@ValueSource(strings = { "want", "need" })
	void clientAuthWithABundleWithoutATrustStoreStopsStartup(String clientAuth) {
		echo().withPropertyValues("listener.ssl.bundle=keyonly", "listener.ssl.client-auth=" + clientAuth,
				"spring.ssl.bundle.pem.keyonly.keystore.certificate=" + this.certificates.location("server.crt"),
				"spring.ssl.bundle.pem.keyonly.keystore.private-key=" + this.certificates.location("server.key"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.ssl.client-auth");
					assertThat(ex.getValue()).isEqualTo(clientAuth);
					assertThat(ex.getReason()).contains("SSL bundle 'keyonly' has no trust store")
						.contains("spring.ssl.bundle.pem.keyonly.truststore.certificate")
						.endsWith("or set listener.ssl.client-auth to none.");
				}));
	}

	@Test
	void aProtocolTheJdkDoesNotKnowStopsStartupNamingTheBundlesOptions() {
		echo().withPropertyValues("spring.ssl.bundle.pem.server.options.enabled-protocols=TLSv9")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.ssl.bundle");
					assertThat(ex.getReason()).contains("TLSv9")
						.contains("spring.ssl.bundle.*.server.options.enabled-protocols");
				}));
	}

	/**
	 * Runs {@code openssl s_client}, verifying the server against the test CA, sends a line and
	 * returns the first line it echoes; {@code -quiet} keeps the connection open, so the client
	 * is stopped once the line is back.
	 */
	private String sClient(String line, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-quiet", "-verify_return_error",
				"-CAfile", this.certificates.path("ca.crt").toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		try {
			OutputStream in = process.getOutputStream();
			in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			in.flush();
			BufferedReader out = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			return CompletableFuture.supplyAsync(() -> {
				try {
					return out.readLine();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}).get(20, TimeUnit.SECONDS);
		}
		finally {
			process.destroy();
			process.waitFor(5, TimeUnit.SECONDS);
		}
	}

	private static SSLSocket connect(AssertableApplicationContext context, SSLContext client) throws IOException {
		SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress(HOST, port(context)), EchoClient.TIMEOUT_MILLIS);
		socket.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
		socket.startHandshake();
		return socket;
	}

	/** Sends and reads back as many bytes; a short read (the server closed) throws. */
	private static String roundTrip(SSLSocket socket, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		socket.getOutputStream().write(bytes);
		socket.getOutputStream().flush();
		byte[] back = socket.getInputStream().readNBytes(bytes.length);
		if (back.length < bytes.length) {
			throw new IOException("End of stream after " + new String(back, StandardCharsets.UTF_8));
		}
		return new String(back, StandardCharsets.UTF_8);
	}

	private static BigInteger serverSerial(SSLSocket socket) throws IOException {
		return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
	}

	/** Reads and drops what the server sends (an alert, perhaps) until it closes; a reset counts as closed. */
	private static boolean readUntilClosed(Socket socket) {
		try {
			byte[] buffer = new byte[1024];
			while (socket.getInputStream().read(buffer) >= 0) {
				// an alert, then the end
			}
			return true;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(Listener.class).port();
	}

	private static SocketCounters counters(AssertableApplicationContext context) {
		return SocketCounters.of(context.getBean(Listener.class).sockets().get(0));
	}

}
