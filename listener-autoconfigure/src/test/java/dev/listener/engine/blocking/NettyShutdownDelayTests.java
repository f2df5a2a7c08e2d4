package dev.listener.engine.blocking;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The shutdown delay again, on the Netty engine with its NIO transport. */
class NettyShutdownDelayTests extends ShutdownDelayTests {

	@Override
	protected ApplicationContextRunner runner() {
		return super.runner().withPropertyValues("listener.engine=netty", "listener.netty.threads=2",
				"listener.netty.transport=nio");
	}

	@Override
	protected TestHandlers handlers() {
		return new NettyTestHandlers();
	}

}
