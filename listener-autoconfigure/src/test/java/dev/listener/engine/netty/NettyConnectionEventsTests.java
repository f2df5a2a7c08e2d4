package dev.listener.engine.netty;


import dev.listener.engine.blocking.ConnectionEventsTests;
import dev.listener.engine.blocking.NettyTestHandlers;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The same events in the same order on the Netty engine with its NIO transport. */
class NettyConnectionEventsTests extends ConnectionEventsTests {

	@Override
	protected ApplicationContextRunner runner() {
		return NettyTestHandlers.onNetty(super.runner());
	}

	@Override
	protected ApplicationContextRunner echo(ApplicationContextRunner runner) {
		return runner.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO);
	}

	@Override
	protected String engineName() {
		return "netty (nio)";
	}

}
