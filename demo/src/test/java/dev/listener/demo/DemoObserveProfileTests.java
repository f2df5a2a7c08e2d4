package dev.listener.demo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.listener.socket.Listener;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's {@code observe} profile: Boot's OpenTelemetry tracing with the logging exporter, the
 * observation per connection and the access log; and the default run without any of it.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoObserveProfileTests {

	@Test
	void theDefaultRunBuildsNoTracing() {
		try (ConfigurableApplicationContext demo = run()) {
			assertThat(demo.getBeanNamesForType(OpenTelemetry.class)).isEmpty();
			assertThat(demo.getBeanNamesForType(Tracer.class)).isEmpty();
			assertThat(demo.getBeanNamesForType(LoggingSpanExporter.class)).isEmpty();
			assertThat(demo.getEnvironment().getProperty("listener.observations.enabled")).isNull();
		}
	}

	@Test
	void theObserveProfileBuildsBootsOpenTelemetryTracingWithTheLoggingExporter() {
		try (ConfigurableApplicationContext demo = run("--spring.profiles.active=observe")) {
			assertThat(demo.getBeanNamesForType(OpenTelemetry.class)).hasSize(1);
			assertThat(demo.getBean(Tracer.class)).isNotEqualTo(Tracer.NOOP);
			assertThat(demo.getBeanNamesForType(LoggingSpanExporter.class)).hasSize(1);
		}
	}

	@Test
	void theObserveProfilePrintsASpanAndAnAccessLogLinePerConnection(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext demo = run("--spring.profiles.active=observe")) {
			int clientPort;
			try (Socket client = new Socket()) {
				client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
						demo.getBean(Listener.class).port()), 5000);
				client.setSoTimeout(5000);
				clientPort = client.getLocalPort();
				byte[] hello = "hello, observed".getBytes(StandardCharsets.UTF_8);
				client.getOutputStream().write(hello);
				assertThat(client.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
			}
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
				.contains("dev.listener.access")
				.contains("client=127.0.0.1:" + clientPort + " listener=default protocol=tcp reason=eof")
				.contains("received=15 sent=15 balancer=- tls=- server-name=-")
				.containsPattern("LoggingSpanExporter\\s+: 'connection default' : [0-9a-f]{32} [0-9a-f]{16} SERVER")
				.contains("client.address=\"127.0.0.1:" + clientPort + "\""));
		}
	}

	static ConfigurableApplicationContext run(String... args) {
		String[] all = new String[args.length + 2];
		all[0] = "--listener.port=0";
		all[1] = "--server.port=0";
		System.arraycopy(args, 0, all, 2, args.length);
		return new SpringApplicationBuilder(DemoApplication.class).run(all);
	}

}
