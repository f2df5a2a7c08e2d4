package dev.listener.engine.netty;

import dev.listener.engine.blocking.MessageHandlerTests;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The message handler tests on the Netty engine with its epoll transport. */
@EnabledOnOs(OS.LINUX)
class NettyEpollMessageHandlerTests extends NettyMessageHandlerTests {

	@Override
	protected String transport() {
		return "epoll";
	}

}
