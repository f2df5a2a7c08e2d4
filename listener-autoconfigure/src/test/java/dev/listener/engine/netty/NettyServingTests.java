package dev.listener.engine.netty;

import java.util.concurrent.atomic.AtomicInteger;

import dev.listener.engine.CloseReason;
import dev.listener.engine.SocketCounters;
import dev.listener.engine.blocking.EchoClient;
import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.blocking.ServingTests;
import dev.listener.engine.blocking.TestHandlers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
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
