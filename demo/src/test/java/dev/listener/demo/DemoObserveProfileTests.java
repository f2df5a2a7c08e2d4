package dev.listener.demo;

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

	static ConfigurableApplicationContext run(String... args) {
		String[] all = new String[args.length + 2];
		all[0] = "--listener.port=0";
		all[1] = "--server.port=0";
		System.arraycopy(args, 0, all, 2, args.length);
		return new SpringApplicationBuilder(DemoApplication.class).run(all);
	}

}
