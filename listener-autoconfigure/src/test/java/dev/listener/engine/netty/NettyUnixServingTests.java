package dev.listener.engine.netty;

import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.blocking.TestHandlers;
import dev.listener.engine.blocking.UnixServingTests;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every unix serving test again, on the Netty engine with its NIO transport: the JDK's unix channel
 * the opener bound, accepted by {@link NioUnixServerChannel}.
 */
class NettyUnixServingTests extends UnixServingTests {

	@Override
	protected ApplicationContextRunner runner() {
		return NettyTestHandlers.onNetty(TestHandlers.runner()).withPropertyValues("listener.netty.transport=" + transport());
	}

	protected String transport() {
		return "nio";
	}

	@Override
	protected TestHandlers handlers() {
		return new NettyTestHandlers();
	}

	@Override
	protected String engine() {
		return "netty (" + transport() + ")";
	}

}
