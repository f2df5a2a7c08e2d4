package dev.listener.autoconfigure;

import java.util.List;

import dev.listener.actuate.ListenersEndpoint;
import dev.listener.engine.blocking.ListenerServers;
import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.netty.NettyConnectionInitializer;
import dev.listener.socket.Listener;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application of {@link OpenSslNativesTests}, run in a child JVM where tcnative's natives do
 * not load: it starts a TLS listener on Netty with the given properties, prints the provider the
 * {@code listeners} endpoint shows, and exits; or fails to start, as Spring Boot reports it.
 */
public final class OpenSslNativesChild {

	private OpenSslNativesChild() {
	}

	/**
	 * Starts, prints {@code provider=<provider>}, and stops.
	 * @param args the application's arguments ({@code --listener.ssl.provider=...} and the bundle)
	 */
	public static void main(String[] args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.run(args)) {
			Listener listener = context.getBean(Listener.class);
			ListenersEndpoint endpoint = new ListenersEndpoint(List.of(listener), context.getBean(ListenerServers.class));
			System.out.println("provider=" + endpoint.listener("default").tls().provider());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, ListenerAutoConfiguration.class,
			ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class })
	static class Application {

		@Bean
		NettyConnectionInitializer echo() {
			return NettyTestHandlers.ECHO;
		}

	}

}
