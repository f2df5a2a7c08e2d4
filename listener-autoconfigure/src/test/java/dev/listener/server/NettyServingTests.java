package dev.listener.server;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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

	@Override
	protected String acceptThreadPrefix() {
		return "listener-netty-";
	}

	@Override
	protected String servingThreadPrefix() {
		return "listener-netty-";
	}

}
