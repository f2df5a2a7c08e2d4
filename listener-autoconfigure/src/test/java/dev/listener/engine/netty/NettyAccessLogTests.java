package dev.listener.engine.netty;

import dev.listener.engine.blocking.AccessLogTests;
import dev.listener.engine.blocking.NettyTestHandlers;

import org.springframework.context.support.GenericApplicationContext;

/** The access log on the Netty engine, with its NIO transport. */
class NettyAccessLogTests extends AccessLogTests {

	@Override
	protected void registerEcho(GenericApplicationContext context) {
		context.registerBean("echo", NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO);
	}

	@Override
	protected String[] engine() {
		return new String[] { "listener.engine=netty", "listener.netty.threads=2", "listener.netty.transport=nio" };
	}

	@Override
	protected String engineName() {
		return "netty";
	}

}
