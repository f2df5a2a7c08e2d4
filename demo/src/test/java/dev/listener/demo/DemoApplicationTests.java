package dev.listener.demo;

import java.net.InetAddress;
import java.net.Socket;

import dev.listener.socket.Addresses;
import dev.listener.socket.Family;
import dev.listener.socket.Hints;
import dev.listener.socket.Listener;
import dev.listener.test.LocalListenerPort;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "listener.port=0")
class DemoApplicationTests {

	@Autowired
	private Listener listener;

	@LocalListenerPort
	private int port;

	@Test
	void holdsTheRecipesSocket() throws Exception {
		assertThat(this.listener.spec().hints()).isEqualTo(Hints.recipe());
		assertThat(this.listener.resolved()).singleElement()
			.satisfies((info) -> assertThat(info.family()).isEqualTo(Family.INET));
		assertThat(this.listener.boundAddresses()).extracting(Addresses::format).containsExactly("0.0.0.0:" + this.port);
	}

	@Test
	void localListenerPortIsTheBoundPort() throws Exception {
		assertThat(this.port).isPositive().isEqualTo(this.listener.port());
		try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), this.port)) {
			assertThat(client.isConnected()).isTrue();
		}
	}

	@Test
	void startsWithTheListenerDisabled() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class)
			.run("--listener.enabled=false", "--server.port=0")) {
			assertThat(context.getBeansOfType(Listener.class)).isEmpty();
			assertThat(context.isActive()).isTrue();
		}
	}

}
