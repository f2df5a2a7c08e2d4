package dev.listener.engine.netty;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Every serving test again, on the Netty engine with its epoll transport. */
@EnabledOnOs(OS.LINUX)
class NettyEpollServingTests extends NettyServingTests {

	@Override
	protected String transport() {
		return "epoll";
	}

}
