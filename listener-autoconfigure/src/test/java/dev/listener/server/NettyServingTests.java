package dev.listener.server;

import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.listener.netty.NettyConnectionInitializer;
import dev.listener.socket.CloseReason;
import dev.listener.socket.Listener;
import dev.listener.socket.SocketCounters;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Every serving test again, on the Netty engine with its NIO transport. */
class NettyServingTests extends ServingTests {

	@Override
	protected ApplicationContextRunner runnerWithoutHost() {
		return super.runnerWithoutHost().withPropertyValues("listener.engine=netty", "listener.netty.threads=2",
				"listener.netty.transport=" + transport());
	}

	protected String transport() {
		return "nio";
	}

	@Override
	protected TestHandlers handlers() {
		return new NettyTestHandlers();
	}

	/**
	 * The limit holds across an unspec listener's two sockets, to the connection. (The blocking
	 * engine shares the limit too, but each accept loop takes its permit before accept(), so an
	 * idle loop may hold one while a connection waits on the other socket.)
	 */
	@Test
	void everySocketOfAListenerSharesItsLimit() {
		handlers().echo(runnerWithoutHost(), "echo")
			.withPropertyValues("listener.connection.max=2", "listener.family=unspec", "listener.passive=false")
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				assertThat(listener.sockets()).hasSize(2);
				try (EchoClient inet = new EchoClient("127.0.0.1", listener.port());
						EchoClient inet6 = new EchoClient("::1", listener.port())) {
					assertThat(inet.roundTrip("v4")).isEqualTo("v4");
					assertThat(inet6.roundTrip("v6")).isEqualTo("v6");
					try (EchoClient third = new EchoClient("127.0.0.1", listener.port())) {
						third.send("third");
						third.socket().setSoTimeout(500);
						assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(third::read);
						inet6.close();
						third.socket().setSoTimeout(EchoClient.TIMEOUT_MILLIS);
						assertThat(third.receive(5)).isEqualTo("third");
					}
				}
			});
	}

	/** An initializer that throws is the application's handler failing, counted as on the blocking engine. */
	@Test
	void anInitializerThatThrowsClosesOnlyThatConnectionCountedAsAHandlerError() {
		AtomicInteger calls = new AtomicInteger();
		runner().withBean(NettyConnectionInitializer.class, () -> (channel) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("first connection refused");
			}
			channel.pipeline().addLast(new NettyTestHandlers.Echo());
		}).run((context) -> {
			try (EchoClient refused = new EchoClient("127.0.0.1", port(context))) {
				assertThat(refused.read()).isEqualTo(-1);
			}
			try (EchoClient served = new EchoClient("127.0.0.1", port(context))) {
				assertThat(served.roundTrip("served")).isEqualTo("served");
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(2));
			assertThat(counters.accepted()).isEqualTo(2);
			assertThat(counters.closed(CloseReason.HANDLER_ERROR)).isEqualTo(1);
			assertThat(counters.handlerErrors()).isEqualTo(1);
			assertThat(counters.active()).isZero();
		});
	}

	@Override
	protected String acceptThreadPrefix() {
		return "listener-netty-";
	}

	@Override
	protected String servingThreadPrefix() {
		return "listener-netty-";
	}

}
