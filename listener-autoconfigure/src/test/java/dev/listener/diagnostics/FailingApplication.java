package dev.listener.diagnostics;

import java.util.Arrays;
import java.util.stream.Stream;

import dev.listener.autoconfigure.ListenerAutoConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * An application with nothing but the listener, started in the test JVM or in a child JVM (which
 * then exits with Boot's exit code). Port 0 unless the arguments say otherwise, never the default.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(ListenerAutoConfiguration.class)
public class FailingApplication {

	public static void main(String[] args) {
		application().run(withPort(args));
	}

	static SpringApplication application() {
		SpringApplication application = new SpringApplication(FailingApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	static String[] withPort(String... args) {
		boolean port = Arrays.stream(args).anyMatch((arg) -> arg.startsWith("--listener.port="));
		return port ? args : Stream.concat(Stream.of("--listener.port=0"), Arrays.stream(args)).toArray(String[]::new);
	}

}
