package dev.listener.engine.netty;

import dev.listener.engine.blocking.AccessTests;
import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.blocking.TestHandlers;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every address-list test again, on the Netty engine, where the check runs before registration. */
class NettyAccessTests extends AccessTests {

	@Override
	protected ApplicationContextRunner runner() {
		return NettyTestHandlers.onNetty(super.runner());
	}

	@Override
	protected TestHandlers handlers() {
		return new NettyTestHandlers();
	}

}
