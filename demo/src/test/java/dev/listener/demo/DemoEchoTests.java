package dev.listener.demo;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.listener.engine.blocking.ListenerServers;
import dev.listener.socket.Listener;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo echoes over TCP and UDP, IPv4, IPv6 and both (unspec), as {@code listener.*} says, on
 * the blocking engine and on the Netty engine with each transport there is here.
 */
class DemoEchoTests {

	@ParameterizedTest
	@CsvSource({ "blocking, auto, inet, 127.0.0.1", "blocking, auto, inet6, ::1", "blocking, auto, unspec, 127.0.0.1",
			"blocking, auto, unspec, ::1", "netty, nio, inet, 127.0.0.1", "netty, nio, inet6, ::1",
			"netty, nio, unspec, ::1", "netty, epoll, inet, 127.0.0.1", "netty, epoll, inet6, ::1",
			"netty, epoll, unspec, 127.0.0.1", "netty, epoll, unspec, ::1" })
	void echoesOverTcp(String engine, String transport, String family, String host) throws Exception {
		assumeTransportAvailable(transport);
		try (ConfigurableApplicationContext context = run("--listener.engine=" + engine,
				"--listener.netty.transport=" + transport, "--listener.family=" + family);
				Socket client = new Socket()) {
			assertThat(engine(context)).startsWith(engine);
			client.connect(new InetSocketAddress(InetAddress.getByName(host), port(context)), 5000);
			client.setSoTimeout(5000);
			byte[] hello = ("hello over tcp " + family + " on " + engine).getBytes(StandardCharsets.UTF_8);
			client.getOutputStream().write(hello);
			assertThat(client.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
		}
	}

	@ParameterizedTest
	@CsvSource({ "message, netty", "connection, blocking", "netty, netty" })
	void eachOfTheDemosEchoesServesOnItsEngineWithEngineAuto(String echo, String engine) throws Exception {
		try (ConfigurableApplicationContext context = run("--demo.echo=" + echo); Socket client = new Socket()) {
			assertThat(engine(context)).startsWith(engine);
			client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port(context)), 5000);
			client.setSoTimeout(5000);
			byte[] hello = ("hello from the " + echo + " echo").getBytes(StandardCharsets.UTF_8);
			client.getOutputStream().write(hello);
			assertThat(client.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
		}
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void echoesOnVirtualThreads() throws Exception {
		try (ConfigurableApplicationContext context = run("--spring.threads.virtual.enabled=true",
				"--listener.engine=blocking");
				Socket client = new Socket()) {
			client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port(context)), 5000);
			client.setSoTimeout(5000);
			byte[] hello = "hello from a virtual thread".getBytes(StandardCharsets.UTF_8);
			client.getOutputStream().write(hello);
			assertThat(client.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
		}
	}

	@ParameterizedTest
	@CsvSource({ "blocking, auto, inet, 127.0.0.1", "blocking, auto, inet6, ::1", "blocking, auto, unspec, ::1",
			"netty, nio, inet, 127.0.0.1", "netty, nio, inet6, ::1", "netty, nio, unspec, 127.0.0.1",
			"netty, epoll, inet, 127.0.0.1", "netty, epoll, unspec, ::1", "netty, io-uring, inet, 127.0.0.1",
			"netty, io-uring, inet6, ::1", "netty, io-uring, unspec, 127.0.0.1", "netty, io-uring, unspec, ::1" })
	void echoesOverUdp(String engine, String transport, String family, String host) throws Exception {
		assumeTransportAvailable(transport);
		try (ConfigurableApplicationContext context = run("--listener.engine=" + engine,
				"--listener.netty.transport=" + transport, "--listener.family=" + family,
				"--listener.socket-type=dgram", "--listener.protocol=udp");
				DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0))) {
			client.setSoTimeout(5000);
			assertThat(engine(context)).startsWith(engine);
			byte[] hello = ("hello over udp " + family).getBytes(StandardCharsets.UTF_8);
			client.send(new DatagramPacket(hello, hello.length, InetAddress.getByName(host), port(context)));
			DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
			client.receive(reply);
			assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
				.isEqualTo("hello over udp " + family);
		}
	}

	@ParameterizedTest
	@CsvSource({ "blocking, nio", "netty, nio" })
	void echoesLinesWithFramingOnAndClosesAConnectionOverTheLimit(String engine, String transport) throws Exception {
		try (ConfigurableApplicationContext context = run("--listener.engine=" + engine,
				"--listener.netty.transport=" + transport, "--listener.framing.type=line",
				"--listener.framing.line-ending=crlf", "--listener.framing.max-frame-size=16B");
				Socket client = new Socket();
				Socket tooLong = new Socket()) {
			client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port(context)), 5000);
			client.setSoTimeout(5000);
			// two lines, the second in two writes: each comes back whole, ending in CRLF
			client.getOutputStream().write("first\nsec".getBytes(StandardCharsets.US_ASCII));
			client.getOutputStream().flush();
			client.getOutputStream().write("ond\n".getBytes(StandardCharsets.US_ASCII));
			byte[] echoed = "first\r\nsecond\r\n".getBytes(StandardCharsets.US_ASCII);
			assertThat(client.getInputStream().readNBytes(echoed.length)).isEqualTo(echoed);
			tooLong.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port(context)), 5000);
			tooLong.setSoTimeout(5000);
			tooLong.getOutputStream().write("seventeen bytes!!\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(tooLong.getInputStream().read()).as("closed").isEqualTo(-1);
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		String[] all = new String[args.length + 2];
		all[0] = "--listener.port=0";
		all[1] = "--server.port=0";
		System.arraycopy(args, 0, all, 2, args.length);
		return new SpringApplicationBuilder(DemoApplication.class).run(all);
	}

	/** The native transports run where the kernel has them: Linux, and io_uring not switched off. */
	private static void assumeTransportAvailable(String transport) {
		assumeTrue(!transport.equals("epoll") || Epoll.isAvailable(), "epoll available");
		assumeTrue(!transport.equals("io-uring") || IoUring.isAvailable(), "io_uring available");
	}

	private static String engine(ConfigurableApplicationContext context) {
		return context.getBean(ListenerServers.class).engine(context.getBean(Listener.class));
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBean(Listener.class).port();
	}

}
