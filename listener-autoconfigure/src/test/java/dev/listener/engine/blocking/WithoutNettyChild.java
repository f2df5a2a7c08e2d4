package dev.listener.engine.blocking;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.handler.ConnectionHandler;
import dev.listener.socket.Listener;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application of {@link WithoutNettyTests}, run in a child JVM whose class path has no Netty:
 * it serves an echo and prints the engine and the echo.
 */
public final class WithoutNettyChild {

	private WithoutNettyChild() {
	}

	/**
	 * Serves one echo, then exits.
	 * @param args none
	 * @throws Exception when it cannot serve
	 */
	public static void main(String[] args) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.run("--listener.port=0", "--listener.host=127.0.0.1")) {
			Listener listener = context.getBean(Listener.class);
			System.out.println("engine=" + context.getBean(ListenerServers.class).engine(listener));
			try (EchoClient client = new EchoClient("127.0.0.1", listener.port())) {
				System.out.println("echo=" + client.roundTrip("without netty"));
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ListenerAutoConfiguration.class, ListenerServerAutoConfiguration.class,
			LifecycleAutoConfiguration.class })
	static class Application {

		@Bean
		ConnectionHandler echo() {
			return EchoClient.ECHO;
		}

	}

}
