package dev.listener.engine.blocking;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The observation per connection on the Netty engine, with its NIO transport. */
class NettyConnectionObservationTests extends ConnectionObservationTests {

	@Override
	protected ApplicationContextRunner onEngine(ApplicationContextRunner runner) {
		return new NettyTestHandlers().echo(NettyTestHandlers.onNetty(runner), "echo");
	}

	@Override
	protected String engine() {
		return "netty";
	}

}
