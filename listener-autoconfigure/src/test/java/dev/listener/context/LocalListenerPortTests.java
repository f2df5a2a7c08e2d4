package dev.listener.context;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.socket.Listener;
import dev.listener.test.LocalListenerPort;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @LocalListenerPort("name")} injects the port of a named listener into tests and beans.
 */
@SpringBootTest(properties = { "listener.host=127.0.0.1", "listener.port=0", "listener.sockets.game.port=0",
		"listener.sockets.admin.port=0" })
class LocalListenerPortTests {

	@LocalListenerPort("game")
	private int gamePort;

	@LocalListenerPort("admin")
	private int adminPort;

	@Autowired
	@Qualifier("game")
	private Listener game;

	@Autowired
	@Qualifier("admin")
	private Listener admin;

	@Autowired
	private PortUser portUser;

	@Test
	void injectsThePortOfEachNamedListener() {
		assertThat(this.gamePort).isPositive().isEqualTo(this.game.port());
		assertThat(this.adminPort).isPositive().isEqualTo(this.admin.port()).isNotEqualTo(this.gamePort);
	}

	@Test
	void beansCreatedAfterStartCanTakeItAsAParameter() {
		assertThat(this.portUser.port()).isEqualTo(this.game.port());
	}

	record PortUser(int port) {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ListenerAutoConfiguration.class)
	static class Config {

		@Bean
		@Lazy
		PortUser portUser(@LocalListenerPort("game") int port) {
			return new PortUser(port);
		}

	}

}
