package dev.listener.engine.netty;

import dev.listener.engine.blocking.MessageHandlerTests;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The message handler tests on the Netty engine, the same bean on the event loops. */
class NettyMessageHandlerTests extends MessageHandlerTests {

	@Override
	protected ApplicationContextRunner runner() {
		return super.runner().withPropertyValues("listener.engine=netty", "listener.netty.threads=2",
				"listener.netty.transport=" + transport());
	}

	protected String transport() {
		return "nio";
	}

	@Override
	protected String engine() {
		return "netty (" + transport() + ")";
	}

}
