package dev.listener.server;

import java.net.SocketTimeoutException;

import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	@Override
	protected String acceptThreadPrefix() {
		return "listener-netty-";
	}

	@Override
	protected String servingThreadPrefix() {
		return "listener-netty-";
	}

}
