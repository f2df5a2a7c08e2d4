package dev.listener.engine.netty;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The message handler tests on the Netty engine with the handler declared blocking: the same
 * behaviour when it runs off the event loop (its replies written and flushed from its executor,
 * its close after them).
 */
class NettyBlockingParityMessageHandlerTests extends NettyMessageHandlerTests {

	@Override
	protected ApplicationContextRunner runner() {
		return super.runner().withPropertyValues("listener.message.blocking=true");
	}

}
