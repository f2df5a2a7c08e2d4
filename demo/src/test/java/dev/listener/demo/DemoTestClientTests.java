package dev.listener.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.listener.engine.blocking.ListenerServers;
import dev.listener.socket.Listener;
import dev.listener.test.ListenerTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's {@code @SpringBootTest} of the demo's echo with the starter's test client: TCP with TLS
 * and line frames, UDP, and a unix socket, three listeners of one context, all on the Netty engine
 * (the demo's message handler, which {@code engine: auto} gives Netty); the subclass runs them with
 * the demo's Netty initializers. The TLS key is made by the JDK's {@code keytool}, so the test
 * needs no other tool.
 */
@SpringBootTest(properties = { "listener.host=127.0.0.1", "listener.port=0",
		"listener.sockets.secure.ssl.bundle=test", "listener.sockets.secure.framing.type=line",
		"listener.sockets.udp.socket-type=dgram", "listener.sockets.udp.protocol=udp",
		"listener.sockets.admin.family=unix" })
class DemoTestClientTests {

	@TempDir
	static Path dir;

	@Autowired
	ApplicationContext context;

	@Autowired
	@Qualifier("admin")
	Listener admin;

	@DynamicPropertySource
	static void keyStoreAndSocketPath(DynamicPropertyRegistry registry) throws Exception {
		Path keyStore = dir.resolve("server.p12");
		keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore",
				keyStore.toString(), "-storetype", "PKCS12", "-storepass", "secret");
		registry.add("spring.ssl.bundle.jks.test.keystore.location", () -> "file:" + keyStore);
		registry.add("spring.ssl.bundle.jks.test.keystore.password", () -> "secret");
		registry.add("spring.ssl.bundle.jks.test.keystore.type", () -> "PKCS12");
		registry.add("listener.sockets.admin.path", () -> dir.resolve("admin.sock").toString());
	}

	@Test
	void tlsWithLineFramesEchoesEachLine() {
		try (ListenerTestClient client = ListenerTestClient.connect(this.context, "secure")) {
			client.send("hello").send("over tls").expect("hello").expect("over tls");
			assertThat(client.tlsSession().getProtocol()).startsWith("TLSv1.");
		}
	}

	@Test
	void udpEchoesEachDatagram() {
		try (ListenerTestClient client = ListenerTestClient.connect(this.context, "udp")) {
			client.send("over udp").expect("over udp");
		}
	}

	@Test
	void aUnixSocketEchoes() {
		try (ListenerTestClient client = ListenerTestClient.connect(this.context, "admin")) {
			client.send("over unix").expect("over unix");
		}
	}

	/** Netty serves the unix listener too, on epoll as the TCP and UDP ones ({@code engine: auto}). */
	@Test
	void theUnixSocketIsServedOnNettyEpoll() {
		assertThat(this.context.getBean(ListenerServers.class).engine(this.admin)).isEqualTo("netty (epoll)");
	}

	private static void keytool(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
		assertThat(Files.exists(dir.resolve("server.p12"))).isTrue();
	}

}
