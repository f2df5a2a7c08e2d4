package dev.listener.engine.netty;

import dev.listener.engine.blocking.ConnectionObservationTests;
import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.blocking.TestHandlers;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The observation per connection on the Netty engine, with its NIO transport. */
class NettyConnectionObservationTests extends ConnectionObservationTests {

	@Override
	protected ApplicationContextRunner onEngine(ApplicationContextRunner runner) {
		return NettyTestHandlers.onNetty(runner);
	}

	@Override
	protected TestHandlers handlers() {
		return new NettyTestHandlers();
	}

	@Override
	protected String engine() {
		return "netty";
	}

}
