package dev.listener.diagnostics;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * The listener with its server and no handler: every listener.* property is read, nothing is served.
 * Boot's SSL bundles are there, with none defined, for listener.ssl.bundle.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ SslAutoConfiguration.class, ListenerAutoConfiguration.class,
		ListenerServerAutoConfiguration.class })
class BadValueApplication {

	static SpringApplication application() {
		SpringApplication application = new SpringApplication(BadValueApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

}
