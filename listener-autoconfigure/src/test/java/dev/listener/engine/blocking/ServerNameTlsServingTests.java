package dev.listener.engine.blocking;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

import dev.listener.actuate.ListenersEndpoint;
import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.engine.ConnectionObserver;
import dev.listener.engine.ConnectionView;
import dev.listener.engine.SocketCounters;
import dev.listener.handler.ConnectionHandler;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.socket.Listener;
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
 * {@code listener.ssl.server-name-bundles} and {@code listener.ssl.application-protocols} with
 * {@code openssl s_client}, on the blocking engine; the subclass runs the same tests on Netty.
 * Bundles {@code server} (the default, CN=localhost), {@code a} (a.test), {@code b} (b.test) and
 * {@code w} (*.w.test), each of PEM files {@code openssl} makes for the test.
 */
public class ServerNameTlsServingTests {

	private static final String HOST = "127.0.0.1";

	@TempDir
	Path dir;

	TestCertificates certificates;

	@BeforeEach
	void makeCertificates() throws Exception {
		this.certificates = TestCertificates.in(this.dir);
		this.certificates.issue("a", "/CN=a.test", "subjectAltName=DNS:a.test");
		this.certificates.issue("b", "/CN=b.test", "subjectAltName=DNS:b.test");
		this.certificates.issue("w", "/CN=*.w.test", "subjectAltName=DNS:*.w.test");
	}

	/** @return the runner of the engine under test */
	protected ApplicationContextRunner runnerWithoutHost() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class));
	}

	/** @return the TLS implementation the engine under test uses, as the endpoint names it */
	protected String expectedProvider() {
		return "jdk";
	}

	/** @return the handlers of the engine under test */
	protected TestHandlers handlers() {
		return TestHandlers.BLOCKING;
	}

	/** Records the first connection's requested server name and agreed application protocol, then echoes. */
	protected ApplicationContextRunner recordingNames(ApplicationContextRunner runner, AtomicReference<String> seen) {
		ConnectionHandler recording = (connection) -> {
			seen.compareAndSet(null, describe(connection.tlsSession(), connection.tlsApplicationProtocol()));
			EchoClient.echo(connection);
		};
		return runner.withBean(ConnectionHandler.class, () -> recording);
	}

	protected static String describe(SSLSession session, String applicationProtocol) {
		String name = null;
		for (SNIServerName requested : ((ExtendedSSLSession) session).getRequestedServerNames()) {
			if (requested instanceof SNIHostName host) {
				name = host.getAsciiName();
			}
		}
		return name + " " + ((applicationProtocol == null || applicationProtocol.isEmpty()) ? null : applicationProtocol);
	}

	private ApplicationContextRunner runner() {
		return handlers().echo(configured(), "echo");
	}

	private ApplicationContextRunner configured() {
		List<String> properties = new ArrayList<>(List.of("listener.port=0", "listener.host=" + HOST,
				"listener.ssl.bundle=server", "listener.ssl.server-name-bundles[0].server-name=a.test",
				"listener.ssl.server-name-bundles[0].bundle=a", "listener.ssl.server-name-bundles[1].server-name=b.test",
				"listener.ssl.server-name-bundles[1].bundle=b",
				"listener.ssl.server-name-bundles[2].server-name=*.w.test",
				"listener.ssl.server-name-bundles[2].bundle=w"));
		properties.addAll(List.of(this.certificates.serverBundle("server")));
		for (String name : List.of("a", "b", "w")) {
			String prefix = "spring.ssl.bundle.pem." + name + ".";
			properties.add(prefix + "keystore.certificate=" + this.certificates.location(name + ".crt"));
			properties.add(prefix + "keystore.private-key=" + this.certificates.location(name + ".key"));
			properties.add(prefix + "reload-on-update=true");
		}
		return runnerWithoutHost().withPropertyValues(properties.toArray(String[]::new));
	}

	@Test
	void eachServerNameGetsItsBundlesCertificateAndNoNameOrAnUnknownOneGetsTheDefault() {
		runner().run((context) -> {
			assertThat(subject(context, "-servername", "a.test")).isEqualTo("CN=a.test");
			assertThat(subject(context, "-servername", "b.test")).isEqualTo("CN=b.test");
			assertThat(subject(context, "-servername", "B.Test")).isEqualTo("CN=b.test");
			assertThat(subject(context, "-noservername")).isEqualTo("CN=localhost");
			assertThat(subject(context, "-servername", "c.test")).isEqualTo("CN=localhost");
		});
	}

	@Test
	void aWildcardServesOneLabelInItsPlace() {
		runner().run((context) -> {
			assertThat(subject(context, "-servername", "x.w.test")).isEqualTo("CN=*.w.test");
			assertThat(subject(context, "-servername", "w.test")).isEqualTo("CN=localhost");
			assertThat(subject(context, "-servername", "x.y.w.test")).isEqualTo("CN=localhost");
		});
	}

	@Test
	void theHandlerSeesTheRequestedNameAndTheAgreedProtocol() {
		AtomicReference<String> seen = new AtomicReference<>();
		recordingNames(configured(), seen).withPropertyValues("listener.ssl.application-protocols=h2,http/1.1")
			.run((context) -> {
				assertThat(sClient(context, "-servername", "b.test", "-alpn", "http/1.1")).contains("ALPN protocol: http/1.1");
				await().untilAsserted(() -> assertThat(seen.get()).isEqualTo("b.test http/1.1"));
			});
	}

	@Test
	void hooksSeeTheRequestedNameAndTheAgreedProtocolOnTheConnectionView() {
		AtomicReference<String> seen = new AtomicReference<>();
		ConnectionObserver observer = (connection) -> new ConnectionObserver.Handle() {

			@Override
			public void handshakeCompleted(ConnectionView view, long durationNanos) {
				seen.compareAndSet(null, view.tlsServerName() + " " + view.tlsApplicationProtocol());
			}

		};
		runner().withBean(ConnectionObserver.class, () -> observer)
			.withPropertyValues("listener.ssl.application-protocols=h2,http/1.1")
			.run((context) -> {
				assertThat(sClient(context, "-servername", "x.w.test", "-alpn", "h2")).contains("ALPN protocol: h2");
				await().untilAsserted(() -> assertThat(seen.get()).isEqualTo("x.w.test h2"));
			});
	}

	@Test
	void theListenersEndpointListsTheProviderTheServerNamesAndTheProtocols() {
		runner().withPropertyValues("listener.ssl.application-protocols=h2,http/1.1").run((context) -> {
			Listener listener = context.getBean(Listener.class);
			ListenersEndpoint endpoint = new ListenersEndpoint(List.of(listener), context.getBean(ListenerServers.class));
			ListenersEndpoint.TlsDescriptor tls = endpoint.listener("default").tls();
			assertThat(tls.provider()).isEqualTo(expectedProvider());
			assertThat(tls.serverNames()).containsExactly("a.test", "b.test", "*.w.test");
			assertThat(tls.applicationProtocols()).containsExactly("h2", "http/1.1");
			assertThat(tls.clientAuth()).isEqualTo("none");
		});
	}

	@Test
	void alpnAgreesOnTheServersFirstChoiceAndServesAClientWithoutAlpn() {
		runner().withPropertyValues("listener.ssl.application-protocols=h2,http/1.1").run((context) -> {
			assertThat(sClient(context, "-alpn", "http/1.1,h2")).contains("ALPN protocol: h2");
			assertThat(sClient(context, "-alpn", "other,http/1.1")).contains("ALPN protocol: http/1.1");
			String withoutAlpn = sClient(context);
			assertThat(withoutAlpn).contains("No ALPN negotiated");
			assertThat(subjectOf(withoutAlpn)).isEqualTo("CN=localhost");
		});
	}

	@Test
	void aClientWithNoCommonProtocolIsRefusedAndCounted() {
		runner().withPropertyValues("listener.ssl.application-protocols=h2").run((context) -> {
			String output = sClient(context, "-alpn", "http/1.1");
			assertThat(output).contains("no application protocol").doesNotContain("ALPN protocol:");
			SocketCounters counters = SocketCounters.of(context.getBean(Listener.class).sockets().get(0));
			await().untilAsserted(
					() -> assertThat(counters.handshakeFailures(HandshakeFailure.NO_APPLICATION_PROTOCOL)).isEqualTo(1));
			assertThat(counters.handshakeFailures(HandshakeFailure.PROTOCOL)).isZero();
			assertThat(counters.handshakes()).isZero();
		});
	}

	@Test
	void replacingOneServerNamesFilesReloadsOnlyThatName() {
		runner().run((context) -> {
			BigInteger a = this.certificates.serial("a");
			BigInteger server = this.certificates.serial("server");
			this.certificates.issue("renewed", "/CN=b.test", "subjectAltName=DNS:b.test");
			BigInteger renewed = this.certificates.serial("renewed");
			assertThat(serial(context, "-servername", "b.test")).isEqualTo(this.certificates.serial("b"));
			Files.copy(this.certificates.path("renewed.key"), this.certificates.path("b.key"),
					StandardCopyOption.REPLACE_EXISTING);
			Files.copy(this.certificates.path("renewed.crt"), this.certificates.path("b.crt"),
					StandardCopyOption.REPLACE_EXISTING);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(serial(context, "-servername", "b.test")).isEqualTo(renewed));
			assertThat(serial(context, "-servername", "a.test")).isEqualTo(a);
			assertThat(serial(context, "-noservername")).isEqualTo(server);
		});
	}

	private String subject(AssertableApplicationContext context, String... args) throws Exception {
		return subjectOf(sClient(context, args));
	}

	private static String subjectOf(String output) {
		for (String line : output.split("\n")) {
			if (line.startsWith("subject=")) {
				return line.substring("subject=".length()).replace(" ", "");
			}
		}
		return "(no certificate) " + output;
	}

	private BigInteger serial(AssertableApplicationContext context, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("sh", "-c",
				"openssl s_client -connect " + HOST + ":" + port(context) + " " + String.join(" ", args)
						+ " </dev/null 2>/dev/null | openssl x509 -noout -serial"));
		String output = run(command).strip();
		return output.startsWith("serial=") ? new BigInteger(output.substring("serial=".length()), 16)
				: BigInteger.valueOf(-1);
	}

	/** Runs {@code openssl s_client} with nothing to send: it handshakes, prints what it got and closes. */
	private String sClient(AssertableApplicationContext context, String... args) throws Exception {
		List<String> command = new ArrayList<>(
				List.of("openssl", "s_client", "-connect", HOST + ":" + port(context)));
		command.addAll(List.of(args));
		return run(command);
	}

	private static String run(List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
			.start();
		try {
			byte[] output = process.getInputStream().readAllBytes();
			process.waitFor(20, TimeUnit.SECONDS);
			return new String(output, StandardCharsets.UTF_8);
		}
		finally {
			process.destroy();
		}
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(Listener.class).port();
	}

}
