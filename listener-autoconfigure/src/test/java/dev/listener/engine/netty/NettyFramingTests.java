package dev.listener.engine.netty;

import dev.listener.engine.blocking.FramingTests;
import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.blocking.TestHandlers;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Framing on the Netty engine: the application's handler is the plain echo, which writes back each
 * {@code ByteBuf} it reads; with framing on, each is a whole frame, and written back as one.
 */
class NettyFramingTests extends FramingTests {

	@Override
	protected ApplicationContextRunner runner() {
		return super.runner().withPropertyValues("listener.engine=netty", "listener.netty.threads=2",
				"listener.netty.transport=nio");
	}

	@Override
	protected ApplicationContextRunner frameEcho(ApplicationContextRunner runner) {
		return new NettyTestHandlers().echo(runner, "echo");
	}

	@Override
	protected TestHandlers handlers() {
		return new NettyTestHandlers();
	}

}
