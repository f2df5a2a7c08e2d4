package dev.listener.demo;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo echoes over TCP and UDP, IPv4 and IPv6, as {@code listener.*} says. */
class DemoEchoTests {

	@ParameterizedTest
	@CsvSource({ "inet, 127.0.0.1", "inet6, ::1" })
	void echoesOverTcp(String family, String host) throws Exception {
		try (ConfigurableApplicationContext context = run("--listener.family=" + family);
				Socket client = new Socket()) {
			client.connect(new InetSocketAddress(InetAddress.getByName(host), port(context)), 5000);
			client.setSoTimeout(5000);
			byte[] hello = ("hello over tcp " + family).getBytes(StandardCharsets.UTF_8);
			client.getOutputStream().write(hello);
			assertThat(client.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
		}
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void echoesOnVirtualThreads() throws Exception {
		try (ConfigurableApplicationContext context = run("--spring.threads.virtual.enabled=true");
				Socket client = new Socket()) {
			client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port(context)), 5000);
			client.setSoTimeout(5000);
			byte[] hello = "hello from a virtual thread".getBytes(StandardCharsets.UTF_8);
			client.getOutputStream().write(hello);
			assertThat(client.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
		}
	}

	@ParameterizedTest
	@CsvSource({ "inet, 127.0.0.1", "inet6, ::1" })
	void echoesOverUdp(String family, String host) throws Exception {
		try (ConfigurableApplicationContext context = run("--listener.family=" + family,
				"--listener.socket-type=dgram", "--listener.protocol=udp");
				DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0))) {
			client.setSoTimeout(5000);
			byte[] hello = ("hello over udp " + family).getBytes(StandardCharsets.UTF_8);
			client.send(new DatagramPacket(hello, hello.length, InetAddress.getByName(host), port(context)));
			DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
			client.receive(reply);
			assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
				.isEqualTo("hello over udp " + family);
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		String[] all = new String[args.length + 2];
		all[0] = "--listener.port=0";
		all[1] = "--server.port=0";
		System.arraycopy(args, 0, all, 2, args.length);
		return new SpringApplicationBuilder(DemoApplication.class).run(all);
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBean(Listener.class).port();
	}

}
