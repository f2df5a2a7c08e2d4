package dev.listener.engine.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerObservationAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.engine.SocketCounters;
import dev.listener.observation.ConnectionObservationContext;
import dev.listener.observation.ConnectionObservationConvention;
import dev.listener.observation.ConnectionObservations;
import dev.listener.observation.DefaultConnectionObservationConvention;
import io.micrometer.common.KeyValues;
import dev.listener.socket.Listener;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The observation per connection through Boot's tracing on a real bridge (OpenTelemetry's, spans
 * kept in memory): one echo gives one server span with the connection's keys, and a child span
 * for its TLS handshake; off, or without an ObservationRegistry, there is no observation. A
 * subclass per engine.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class ConnectionObservationTests {

	private static final AttributeKey<String> LISTENER = AttributeKey.stringKey("listener");

	@TempDir
	Path dir;

	/** @return the runner on the engine under test */
	protected abstract ApplicationContextRunner onEngine(ApplicationContextRunner runner);

	/** @return the handlers of the engine under test */
	protected abstract TestHandlers handlers();

	/** @return the engine under test, as the {@code engine} key names it */
	protected abstract String engine();

	private ApplicationContextRunner listener() {
		return handlers().echo(listenerWithoutHandler(), "echo");
	}

	private ApplicationContextRunner listenerWithoutHandler() {
		return onEngine(new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class, ListenerObservationAutoConfiguration.class,
					LifecycleAutoConfiguration.class))
			.withPropertyValues("listener.port=0", "listener.host=127.0.0.1"));
	}

	/** Boot's tracing on OpenTelemetry, every trace sampled, spans kept in memory; the echo. */
	private ApplicationContextRunner traced() {
		return handlers().echo(tracedWithoutHandler(), "echo");
	}

	private ApplicationContextRunner tracedWithoutHandler() {
		return listenerWithoutHandler()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class))
			.withBean(InMemorySpanExporter.class, InMemorySpanExporter::create)
			.withPropertyValues("management.tracing.sampling.probability=1.0", "listener.observations.enabled=true");
	}

	@Test
	void oneEchoGivesOneServerSpanWithTheConnectionsKeys() {
		traced().run((context) -> {
			int clientPort;
			try (Socket client = connect(context)) {
				clientPort = client.getLocalPort();
				echo(client.getOutputStream(), client.getInputStream(), "hello");
			}
			SpanData span = single(spans(context, 1));
			assertThat(span.getName()).isEqualTo("connection default");
			assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
			assertThat(span.getParentSpanContext().isValid()).as("a root span").isFalse();
			assertThat(attributes(span)).containsEntry("listener", "default")
				.containsEntry("engine", engine())
				.containsEntry("protocol", "tcp")
				.containsEntry("tls", "false")
				.containsEntry("reason", "eof")
				.containsEntry("client.address", "127.0.0.1:" + clientPort)
				.containsEntry("bytes.received", "5")
				.containsEntry("bytes.sent", "5")
				.doesNotContainKey("balancer.address");
		});
	}

	@Test
	void aTlsConnectionsHandshakeIsAChildSpanWithItsProtocolAndServerName() throws Exception {
		TestCertificates certificates = TestCertificates.in(this.dir);
		traced().withPropertyValues("listener.ssl.bundle=server")
			.withPropertyValues(certificates.serverBundle("server"))
			.run((context) -> {
				try (SSLSocket client = (SSLSocket) certificates.client(null).getSocketFactory().createSocket()) {
					client.connect(new InetSocketAddress("127.0.0.1", port(context)), 5000);
					client.setSoTimeout(5000);
					SSLParameters parameters = client.getSSLParameters();
					parameters.setServerNames(List.of(new SNIHostName("localhost")));
					client.setSSLParameters(parameters);
					echo(client.getOutputStream(), client.getInputStream(), "over tls");
				}
				List<SpanData> spans = spans(context, 2);
				SpanData connection = named(spans, "connection default");
				SpanData handshake = named(spans, "tls handshake");
				assertThat(attributes(connection)).containsEntry("tls", "true").containsEntry("reason", "eof");
				assertThat(handshake.getTraceId()).isEqualTo(connection.getTraceId());
				assertThat(handshake.getParentSpanId()).isEqualTo(connection.getSpanId());
				assertThat(handshake.getEndEpochNanos()).isLessThanOrEqualTo(connection.getEndEpochNanos());
				assertThat(attributes(handshake)).containsEntry("listener", "default")
					.containsEntry("engine", engine())
					.containsEntry("tls.protocol", "TLSv1.3")
					.containsEntry("reason", "none")
					.containsEntry("tls.server.name", "localhost");
			});
	}

	@Test
	void aHandshakesSpanStartsWhenTheStepsBeforeItAreDone() throws Exception {
		TestCertificates certificates = TestCertificates.in(this.dir);
		traced().withPropertyValues("listener.ssl.bundle=server", "listener.proxy-protocol.mode=required",
				"listener.proxy-protocol.trusted=127.0.0.1/32")
			.withPropertyValues(certificates.serverBundle("server"))
			.run((context) -> {
				try (Socket plain = connect(context)) {
					// the PROXY header comes a while after the connection: the handshake starts after it
					Thread.sleep(300);
					plain.getOutputStream()
						.write("PROXY TCP4 203.0.113.7 127.0.0.1 40000 27015\r\n".getBytes(StandardCharsets.US_ASCII));
					try (SSLSocket client = (SSLSocket) certificates.client(null)
						.getSocketFactory()
						.createSocket(plain, "127.0.0.1", plain.getPort(), true)) {
						echo(client.getOutputStream(), client.getInputStream(), "late");
					}
				}
				List<SpanData> spans = spans(context, 2);
				SpanData connection = named(spans, "connection default");
				SpanData handshake = named(spans, "tls handshake");
				// not at accept, which the server sees a little after the client's connect returned
				assertThat(handshake.getStartEpochNanos() - connection.getStartEpochNanos())
					.isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
				assertThat(handshake.getParentSpanId()).isEqualTo(connection.getSpanId());
			});
	}

	@Test
	void aHandshakeThatTimesOutEndsItsSpanWithTheReason() throws Exception {
		TestCertificates certificates = TestCertificates.in(this.dir);
		traced().withPropertyValues("listener.ssl.bundle=server", "listener.ssl.handshake-timeout=200ms")
			.withPropertyValues(certificates.serverBundle("server"))
			.run((context) -> {
				try (Socket silent = connect(context)) {
					assertThat(silent.getInputStream().read()).as("closed").isEqualTo(-1);
				}
				List<SpanData> spans = spans(context, 2);
				assertThat(attributes(named(spans, "connection default"))).containsEntry("reason", "rejected")
					.containsEntry("tls", "true");
				assertThat(attributes(named(spans, "tls handshake"))).containsEntry("reason", "timeout")
					.containsEntry("tls.protocol", "none")
					.doesNotContainKey("tls.server.name");
			});
	}

	@Test
	void aHandlersFailureMarksItsSpanInError() {
		handlers().failingOnX(tracedWithoutHandler()).run((context) -> {
			try (Socket client = connect(context)) {
				client.getOutputStream().write('x');
				assertThat(client.getInputStream().read()).as("closed").isEqualTo(-1);
			}
			SpanData span = single(spans(context, 1));
			assertThat(attributes(span)).containsEntry("reason", "handler-error");
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
		});
	}

	@Test
	void behindAProxyHeaderTheClientIsTheHeadersAndTheBalancerThePeer() {
		traced().withPropertyValues("listener.proxy-protocol.mode=required", "listener.proxy-protocol.trusted=127.0.0.1/32")
			.run((context) -> {
				int balancerPort;
				try (Socket client = connect(context)) {
					balancerPort = client.getLocalPort();
					client.getOutputStream()
						.write("PROXY TCP4 203.0.113.7 127.0.0.1 40000 27015\r\n".getBytes(StandardCharsets.US_ASCII));
					echo(client.getOutputStream(), client.getInputStream(), "proxied");
				}
				assertThat(attributes(single(spans(context, 1)))).containsEntry("client.address", "203.0.113.7:40000")
					.containsEntry("balancer.address", "127.0.0.1:" + balancerPort);
			});
	}

	@Test
	void aConnectionRefusedByItsPipelineEndsItsSpanAsRejected() {
		traced().withPropertyValues("listener.proxy-protocol.mode=required", "listener.proxy-protocol.trusted=127.0.0.1/32")
			.run((context) -> {
				try (Socket client = connect(context)) {
					client.getOutputStream().write("not a proxy header\r\n".getBytes(StandardCharsets.US_ASCII));
					assertThat(client.getInputStream().read()).as("closed").isEqualTo(-1);
				}
				assertThat(attributes(single(spans(context, 1)))).containsEntry("reason", "rejected");
			});
	}

	@Test
	void managementObservationsEnableTurnsTheConnectionsObservationOff() {
		traced().withPropertyValues("management.observations.enable.listener.connection=false").run((context) -> {
			try (Socket client = connect(context)) {
				echo(client.getOutputStream(), client.getInputStream(), "unobserved");
			}
			await().atMost(5, TimeUnit.SECONDS)
				.until(() -> SocketCounters.of(context.getBean(Listener.class).sockets().get(0)).closed() == 1);
			context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
			assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems()).isEmpty();
		});
	}

	@Test
	void withTheRegistryButNotSwitchedOnThereIsNoObservation() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		listener().withBean(TestObservationRegistry.class, () -> registry).run((context) -> {
			assertThat(context).doesNotHaveBean(ConnectionObservations.class);
			try (Socket client = connect(context)) {
				echo(client.getOutputStream(), client.getInputStream(), "not observed");
			}
			awaitClosed(context);
			TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyObservation();
		});
	}

	@Test
	void switchedOnWithoutARegistryThereIsNoObserverAndAWarningSaysWhy(CapturedOutput output) {
		listener().withPropertyValues("listener.observations.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ConnectionObservations.class);
			assertThat(output).contains("listener.observations.enabled is on, but the application has no "
					+ "ObservationRegistry: no connection is observed.");
		});
	}

	@Test
	void switchedOnTheRegistrySeesOneStoppedObservationPerConnection() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		listener().withBean(TestObservationRegistry.class, () -> registry)
			.withPropertyValues("listener.observations.enabled=true")
			.run((context) -> {
				for (int i = 0; i < 2; i++) {
					try (Socket client = connect(context)) {
						echo(client.getOutputStream(), client.getInputStream(), "observed");
					}
				}
				awaitClosed(context, 2);
				TestObservationRegistryAssert.assertThat(registry)
					.hasNumberOfObservationsWithNameEqualTo("listener.connection", 2)
					.forAllObservationsWithNameEqualTo("listener.connection",
							// the reason is known at close: stopped, in the order the registry validates
							(observation) -> observation.hasLowCardinalityKeyValue("listener", "default")
								.hasLowCardinalityKeyValue("engine", engine())
								.hasLowCardinalityKeyValue("reason", "eof")
								.doesNotHaveLowCardinalityKeyValueWithKey("client.address")
								.hasHighCardinalityKeyValueWithKey("client.address"));
			});
	}

	@Test
	void anApplicationsConventionBeanReplacesTheDefault() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		listener().withBean(TestObservationRegistry.class, () -> registry)
			.withUserConfiguration(RegionConvention.class)
			.withPropertyValues("listener.observations.enabled=true")
			.run((context) -> {
				try (Socket client = connect(context)) {
					echo(client.getOutputStream(), client.getInputStream(), "custom");
				}
				awaitClosed(context);
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("listener.connection")
					.that()
					.hasLowCardinalityKeyValue("region", "eu-west")
					.hasLowCardinalityKeyValue("listener", "default");
			});
	}

	/** The application's own convention, as docs/observability.md quotes it. */
	@Configuration(proxyBeanMethods = false)
	static class RegionConvention {

		@Bean
		ConnectionObservationConvention connectionObservationConvention() {
			return new DefaultConnectionObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(ConnectionObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and("region", "eu-west");
				}

			};
		}

	}

	private static Socket connect(AssertableApplicationContext context) throws IOException {
		Socket client = new Socket();
		client.connect(new InetSocketAddress("127.0.0.1", port(context)), 5000);
		client.setSoTimeout(5000);
		return client;
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(Listener.class).port();
	}

	/** Sends the text and reads it back; the client's close is the server's EOF, closed {@code eof}. */
	private static void echo(OutputStream out, InputStream in, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		out.write(bytes);
		out.flush();
		assertThat(in.readNBytes(bytes.length)).isEqualTo(bytes);
	}

	private static void awaitClosed(AssertableApplicationContext context) {
		awaitClosed(context, 1);
	}

	private static void awaitClosed(AssertableApplicationContext context, int connections) {
		await().atMost(5, TimeUnit.SECONDS)
			.until(() -> SocketCounters.of(context.getBean(Listener.class).sockets().get(0)).closed() == connections);
	}

	/** The spans exported once the connections have closed: the batch processor is flushed until they are. */
	private static List<SpanData> spans(AssertableApplicationContext context, int count) {
		InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
		SdkTracerProvider provider = context.getBean(SdkTracerProvider.class);
		await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
			provider.forceFlush().join(1, TimeUnit.SECONDS);
			assertThat(exporter.getFinishedSpanItems()).hasSize(count);
		});
		return exporter.getFinishedSpanItems();
	}

	private static SpanData single(List<SpanData> spans) {
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private static SpanData named(List<SpanData> spans, String name) {
		return spans.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no span '" + name + "' in " + spans));
	}

	private static Map<String, String> attributes(SpanData span) {
		Map<String, String> attributes = new TreeMap<>();
		span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), String.valueOf(value)));
		assertThat(attributes).containsKey(LISTENER.getKey());
		return attributes;
	}

}
