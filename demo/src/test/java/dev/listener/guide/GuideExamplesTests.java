package dev.listener.guide;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.test.ListenerTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java snippets of README.md and docs/*.md, run: each class of this package is one that a page
 * quotes (DocsSnippetsTests checks the quotes), served here by a real listener and talked to with
 * the starter's test client.
 */
class GuideExamplesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ListenerAutoConfiguration.class,
				ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
		.withPropertyValues("listener.port=0", "listener.host=127.0.0.1");

	@TempDir
	Path dir;

	@Test
	void theFirstHandlerEchoes() {
		this.runner.withBean(EchoHandler.class).run((context) -> {
			try (ListenerTestClient client = ListenerTestClient.connect(context)) {
				client.send("hello").expect("hello");
			}
		});
	}

	@Test
	void theLineHandlerAnswersEachLineOnTheBlockingEngine() {
		this.runner.withUserConfiguration(LineHandlers.Blocking.class)
			.withPropertyValues("listener.framing.type=line")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.connect(context)) {
					client.send("hi").send("there").expect("you said hi").expect("you said there");
				}
			});
	}

	@Test
	void theLineHandlerAnswersEachLineOnNetty() {
		this.runner.withUserConfiguration(LineHandlers.Netty.class)
			.withPropertyValues("listener.framing.type=line", "listener.engine=netty", "listener.netty.threads=1")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.connect(context)) {
					client.send("hi").send("there").expect("you said hi").expect("you said there");
				}
			});
	}

	@Test
	void theClientAwareHandlerSeesTheClientFromTheProxyHeader() {
		this.runner.withBean(ClientAwareHandler.class)
			.withPropertyValues("listener.proxy-protocol.mode=required", "listener.proxy-protocol.trusted=127.0.0.1/32",
					"listener.framing.type=line")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.to(context, "default")
					.proxyV2(new InetSocketAddress("203.0.113.7", 40000))
					.connect()) {
					assertThat(client.receive()).startsWith("hello /203.0.113.7:40000 via /127.0.0.1:");
				}
			});
	}

	@Test
	void theTlsSessionIsReadOnTheBlockingEngine() throws Exception {
		this.runner.withUserConfiguration(TlsSessions.Blocking.class)
			.withPropertyValues(tls())
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.connect(context)) {
					client.send("?").expect(client.tlsSession().getProtocol() + " " + client.tlsSession().getCipherSuite() + "\n");
				}
			});
	}

	@Test
	void theTlsSessionIsReadOnNetty() throws Exception {
		this.runner.withUserConfiguration(TlsSessions.Netty.class)
			.withPropertyValues(tls())
			.withPropertyValues("listener.engine=netty", "listener.netty.threads=1")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.connect(context)) {
					client.send("?").expect(client.tlsSession().getProtocol() + " " + client.tlsSession().getCipherSuite() + "\n");
				}
			});
	}

	@Test
	void theMessageEchoBeanEchoesOnTheBlockingEngineAndOnNetty() {
		for (String engine : new String[] { "blocking", "netty" }) {
			this.runner.withUserConfiguration(MessageEcho.class)
				.withPropertyValues("listener.framing.type=line", "listener.engine=" + engine, "listener.netty.threads=1")
				.run((context) -> {
					try (ListenerTestClient client = ListenerTestClient.connect(context)) {
						client.send("hello " + engine).expect("hello " + engine);
					}
				});
		}
	}

	@Test
	void theCustomizersHandlerSitsInEveryNettyConnection() {
		long before = AuditCustomizer.AuditHandler.active.get();
		this.runner.withUserConfiguration(MessageEcho.class, AuditCustomizer.class)
			.withPropertyValues("listener.framing.type=line", "listener.engine=netty", "listener.netty.threads=1")
			.run((context) -> {
				try (ListenerTestClient client = ListenerTestClient.connect(context)) {
					client.send("x").expect("x");
				}
			});
		assertThat(AuditCustomizer.AuditHandler.active.get()).isEqualTo(before + 1);
	}

	/** A PKCS#12 key store made by the JDK's keytool, as the bundle {@code guide} of the listener. */
	private String[] tls() throws Exception {
		Path keyStore = this.dir.resolve("server.p12");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
				"-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", "secret"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return new String[] { "spring.ssl.bundle.jks.guide.keystore.location=file:" + keyStore,
				"spring.ssl.bundle.jks.guide.keystore.password=secret", "spring.ssl.bundle.jks.guide.keystore.type=PKCS12",
				"listener.ssl.bundle=guide" };
	}

}
