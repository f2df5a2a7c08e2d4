package dev.listener.engine.netty;

import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.blocking.ShutdownDelayTests;
import dev.listener.engine.blocking.TestHandlers;
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
