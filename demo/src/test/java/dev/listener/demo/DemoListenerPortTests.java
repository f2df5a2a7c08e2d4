package dev.listener.demo;

import dev.listener.socket.Listener;
import dev.listener.test.ListenerTestClient;
import dev.listener.test.LocalListenerPort;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/testing.md: the ports of named listeners injected by name, and a client of each.
 */
@SpringBootTest(properties = { "listener.port=0", "listener.sockets.game.port=0", "listener.sockets.admin.port=0" })
class DemoListenerPortTests {

	@LocalListenerPort("game")
	int gamePort;

	@LocalListenerPort("admin")
	int adminPort;

	@Autowired
	ApplicationContext context;

	@Test
	void eachNamedListenerHasItsOwnPort(@Qualifier("game") Listener game, @Qualifier("admin") Listener admin) {
		assertThat(this.gamePort).isPositive().isEqualTo(game.port()).isNotEqualTo(this.adminPort);
		assertThat(this.adminPort).isEqualTo(admin.port());
		try (ListenerTestClient client = ListenerTestClient.connect(this.context, "admin")) {
			client.send("to admin").expect("to admin");
		}
	}

}
