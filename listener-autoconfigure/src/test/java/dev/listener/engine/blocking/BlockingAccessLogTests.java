package dev.listener.engine.blocking;

import dev.listener.handler.ConnectionHandler;

import org.springframework.context.support.GenericApplicationContext;

/** The access log on the blocking engine. */
class BlockingAccessLogTests extends AccessLogTests {

	@Override
	protected void registerEcho(GenericApplicationContext context) {
		context.registerBean("echo", ConnectionHandler.class, () -> EchoClient.ECHO);
	}

	@Override
	protected String[] engine() {
		return new String[] { "listener.engine=blocking" };
	}

	@Override
	protected String engineName() {
		return "blocking";
	}

}
