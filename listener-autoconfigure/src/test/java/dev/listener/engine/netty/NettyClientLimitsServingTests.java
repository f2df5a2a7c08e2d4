package dev.listener.engine.netty;

import dev.listener.engine.blocking.ClientLimitsServingTests;
import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.blocking.TestHandlers;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every client-limits test again, on the Netty engine: the same limits through the same event
 * point, and accepting paused by turning autoRead off.
 */
class NettyClientLimitsServingTests extends ClientLimitsServingTests {

	@Override
	protected ApplicationContextRunner runner() {
		return NettyTestHandlers.onNetty(super.runner());
	}

	@Override
	protected TestHandlers handlers() {
		return new NettyTestHandlers();
	}

}
