package dev.listener.engine.blocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import dev.listener.autoconfigure.ListenerAccessLogAutoConfiguration;
import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.observation.AccessLog;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access log: a line per closed connection on {@code dev.listener.access}, written here to a
 * file of its own by a Logback configuration that Boot loads from {@code logging.config}; the
 * client from a PROXY header when one came. A subclass per engine.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class AccessLogTests {

	private static final String LOGBACK = "classpath:dev/listener/observation/access-log-file.xml";

	private static final byte[] PROXY_HEADER = "PROXY TCP4 203.0.113.7 127.0.0.1 40000 27015\r\n"
		.getBytes(StandardCharsets.US_ASCII);

	@TempDir
	Path dir;

	/** Registers the engine under test's echo. */
	protected abstract void registerEcho(GenericApplicationContext context);

	/** @return the properties of the engine under test */
	protected abstract String[] engine();

	/** @return the engine under test, as the access log names it */
	protected abstract String engineName();

	@AfterEach
	void resetLogging() throws Exception {
		LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
		logback.reset();
		new ContextInitializer(logback).autoConfig();
	}

	@Test
	void oneLinePerConnectionInItsOwnFileWithTheClientFromTheProxyHeader(CapturedOutput output) throws Exception {
		Path file = this.dir.resolve("access.log");
		try (ConfigurableApplicationContext context = run(file, "listener.proxy-protocol.mode=optional",
				"listener.proxy-protocol.trusted=127.0.0.1/32")) {
			int balancerPort;
			try (Socket client = connect(context)) {
				balancerPort = client.getLocalPort();
				client.getOutputStream().write(PROXY_HEADER);
				echo(client, "proxied");
			}
			List<String> lines = awaitLines(file, 1);
			int directPort;
			try (Socket client = connect(context)) {
				directPort = client.getLocalPort();
				echo(client, "direct");
			}
			lines = awaitLines(file, 2);
			assertThat(lines.get(0)).matches("\\S+ client=203\\.0\\.113\\.7:40000 listener=default protocol=tcp reason=eof "
					+ "duration=\\d+\\.\\d{3}ms received=" + (PROXY_HEADER.length + 7) + " sent=7 balancer=127\\.0\\.0\\.1:" + balancerPort
					+ " tls=- server-name=-");
			assertThat(lines.get(1)).matches("\\S+ client=127\\.0\\.0\\.1:" + directPort
					+ " listener=default protocol=tcp reason=eof duration=\\d+\\.\\d{3}ms received=6 sent=6 balancer=- "
					+ "tls=- server-name=-");
			assertThat(output).contains("Listener 'default' serving").doesNotContain("client=");
		}
	}

	@Test
	void aTlsConnectionsLineHasItsProtocolAndServerName() throws Exception {
		TestCertificates certificates = TestCertificates.in(this.dir);
		Path file = this.dir.resolve("access.log");
		String[] tls = concat(new String[] { "listener.ssl.bundle=server",
				"listener.access-log.format=%{listener} %{engine} %{tls-protocol} %{tls-server-name} %{reason}" },
				certificates.serverBundle("server"));
		try (ConfigurableApplicationContext context = run(file, tls);
				SSLSocket client = (SSLSocket) certificates.client(null).getSocketFactory().createSocket()) {
			client.connect(new InetSocketAddress("127.0.0.1", context.getBean(Listener.class).port()), 5000);
			client.setSoTimeout(5000);
			SSLParameters parameters = client.getSSLParameters();
			parameters.setServerNames(List.of(new SNIHostName("localhost")));
			client.setSSLParameters(parameters);
			echo(client, "over tls");
			client.close();
			assertThat(awaitLines(file, 1).get(0)).endsWith(" default " + engineName() + " TLSv1.3 localhost eof");
		}
	}

	@Test
	void offByDefault() {
		runner().run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AccessLog.class));
	}

	@Test
	void anUnknownFieldStopsStartupNamingTheProperty() {
		runner().withPropertyValues("listener.access-log.enabled=true", "listener.access-log.format=%{client} %{status}")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.access-log.format");
					assertThat(ex.getValue()).isEqualTo("%{client} %{status}");
					assertThat(ex.getReason()).startsWith("There is no field '%{status}': the fields are listener, ")
						.endsWith(" Or remove it for the default format.");
				}));
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class, ListenerAccessLogAutoConfiguration.class,
					LifecycleAutoConfiguration.class))
			.withInitializer((context) -> registerEcho((GenericApplicationContext) context))
			.withPropertyValues("listener.port=0", "listener.host=127.0.0.1")
			.withPropertyValues(engine());
	}

	private ConfigurableApplicationContext run(Path file, String... properties) {
		return new SpringApplicationBuilder(Served.class).web(WebApplicationType.NONE)
			.initializers((context) -> registerEcho((GenericApplicationContext) context))
			.properties("logging.config=" + LOGBACK, "access-log.file=" + file, "listener.port=0",
					"listener.host=127.0.0.1", "listener.access-log.enabled=true")
			.properties(engine())
			.properties(properties)
			.run();
	}

	private static Socket connect(ConfigurableApplicationContext context) throws IOException {
		Socket client = new Socket();
		client.connect(new InetSocketAddress("127.0.0.1", context.getBean(Listener.class).port()), 5000);
		client.setSoTimeout(5000);
		return client;
	}

	private static void echo(Socket client, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		client.getOutputStream().write(bytes);
		client.getOutputStream().flush();
		assertThat(client.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
	}

	private static List<String> awaitLines(Path file, int count) {
		await().atMost(5, TimeUnit.SECONDS)
			.until(() -> Files.exists(file) && Files.readAllLines(file).size() >= count);
		List<String> lines = readLines(file);
		assertThat(lines).hasSize(count);
		return lines;
	}

	private static List<String> readLines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String[] concat(String[] first, String[] second) {
		String[] all = new String[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, ListenerAutoConfiguration.class,
			ListenerServerAutoConfiguration.class, ListenerAccessLogAutoConfiguration.class,
			LifecycleAutoConfiguration.class })
	static class Served {

	}

}
