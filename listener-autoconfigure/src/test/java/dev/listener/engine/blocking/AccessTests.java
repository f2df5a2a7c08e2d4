package dev.listener.engine.blocking;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.listener.engine.SocketCounters;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.listener.engine.blocking.PipelineClients.assertRejected;
import static dev.listener.engine.blocking.PipelineClients.connect;
import static dev.listener.engine.blocking.PipelineClients.readUntilClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code listener.allow} and {@code listener.deny} on real loopback sockets, checked right after
 * accept; the subclass runs them on the Netty engine.
 */
public class AccessTests {

	/** @return the runner of the engine under test, on port 0 */
	protected ApplicationContextRunner runner() {
		return TestHandlers.runner();
	}

	/** @return the handlers of the engine under test */
	protected TestHandlers handlers() {
		return TestHandlers.BLOCKING;
	}

	private ApplicationContextRunner echo() {
		return handlers().echo(runner(), "echo");
	}

	@Test
	void aClientOnADeniedAddressIsRefusedAndCountedWhileOneOnAnAllowedAddressIsServed() {
		echo().withPropertyValues("listener.host=127.0.0.1", "listener.allow=127.0.0.0/8", "listener.deny=127.0.0.2/32")
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				try (Socket denied = connect("127.0.0.2", "127.0.0.1", listener.port())) {
					assertThat(readUntilClosed(denied)).isZero();
				}
				try (Socket allowed = connect("127.0.0.1", "127.0.0.1", listener.port())) {
					assertThat(roundTrip(allowed, "allowed")).isEqualTo("allowed");
				}
				SocketCounters counters = SocketCounters.of(listener.sockets().get(0));
				await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(2));
				assertThat(counters.accepted()).isEqualTo(2);
				assertRejected(listener, RejectReason.DENIED, "denied", 1);
			});
	}

	/**
	 * Linux has one IPv6 loopback address, ::1, so the IPv6 case is a dual-stack socket: an IPv6
	 * client (::1) and IPv4 clients, which reach it as IPv4-mapped addresses and are matched by
	 * IPv6-written networks (::ffff:127.0.0.0/104) as well as by IPv4 ones.
	 */
	@Test
	void theListsMatchIpv6AndIpv4MappedClientsOfADualStackSocket() {
		echo().withPropertyValues("listener.family=inet6", "listener.ipv6-only=false",
				"listener.allow=::1/128,::ffff:127.0.0.0/104", "listener.deny=::ffff:127.0.0.2/128")
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				try (Socket ipv6 = connect("::1", "::1", listener.port())) {
					assertThat(roundTrip(ipv6, "over ipv6")).isEqualTo("over ipv6");
				}
				try (Socket mapped = connect("127.0.0.1", "127.0.0.1", listener.port())) {
					assertThat(roundTrip(mapped, "mapped")).isEqualTo("mapped");
				}
				try (Socket denied = connect("127.0.0.2", "127.0.0.1", listener.port())) {
					assertThat(readUntilClosed(denied)).isZero();
				}
				SocketCounters counters = SocketCounters.of(listener.sockets().get(0));
				await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(3));
				assertRejected(listener, RejectReason.DENIED, "denied", 1);
			});
	}

	@Test
	void anIpv6ListenerDeniesItsOwnLoopbackWhenToldTo() {
		echo().withPropertyValues("listener.family=inet6", "listener.host=::1", "listener.deny=::1")
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				try (Socket denied = connect("::1", "::1", listener.port())) {
					assertThat(readUntilClosed(denied)).isZero();
				}
				await().untilAsserted(() -> assertRejected(listener, RejectReason.DENIED, "denied", 1));
			});
	}

	@Test
	void aFloodFromADeniedAddressClosesOnlyThoseAndTheListenerKeepsServing() {
		int flood = 500;
		echo().withPropertyValues("listener.host=127.0.0.1", "listener.deny=127.0.0.2")
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				try (Socket allowed = connect("127.0.0.1", "127.0.0.1", listener.port())) {
					assertThat(roundTrip(allowed, "before")).isEqualTo("before");
					for (int i = 0; i < flood; i++) {
						try (Socket denied = connect("127.0.0.2", "127.0.0.1", listener.port())) {
							denied.setSoLinger(true, 0);
						}
					}
					SocketCounters counters = SocketCounters.of(listener.sockets().get(0));
					await().atMost(Duration.ofSeconds(30))
						.untilAsserted(() -> assertThat(counters.rejected(RejectReason.DENIED)).isEqualTo(flood));
					assertThat(roundTrip(allowed, "after")).isEqualTo("after");
					try (Socket another = connect("127.0.0.1", "127.0.0.1", listener.port())) {
						assertThat(roundTrip(another, "another")).isEqualTo("another");
					}
					assertThat(counters.handlerErrors()).isZero();
				}
				assertRejected(listener, RejectReason.DENIED, "denied", flood);
			});
	}

	static String roundTrip(Socket socket, String text) throws Exception {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		socket.getOutputStream().write(bytes);
		byte[] read = socket.getInputStream().readNBytes(bytes.length);
		return new String(read, StandardCharsets.UTF_8);
	}

}
