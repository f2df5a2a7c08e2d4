package dev.listener.demo;

import io.opentelemetry.exporter.logging.LoggingSpanExporter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The {@code observe} profile's span exporter: OpenTelemetry's logging exporter, which Boot's
 * OpenTelemetry tracing picks up as it picks up any {@code SpanExporter} bean, and which prints
 * each span as a log line (through java.util.logging, which Boot routes to the application's log).
 */
@Configuration(proxyBeanMethods = false)
@Profile("observe")
class ObserveProfile {

	@Bean
	LoggingSpanExporter loggingSpanExporter() {
		return LoggingSpanExporter.create();
	}

}
