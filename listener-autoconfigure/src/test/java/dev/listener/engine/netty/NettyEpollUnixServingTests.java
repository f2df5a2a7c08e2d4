package dev.listener.engine.netty;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Every unix serving test again, on the Netty engine with its epoll transport: Netty's domain
 * socket channel on a duplicate of the bound descriptor.
 */
@EnabledOnOs(OS.LINUX)
class NettyEpollUnixServingTests extends NettyUnixServingTests {

	@Override
	protected String transport() {
		return "epoll";
	}

}
