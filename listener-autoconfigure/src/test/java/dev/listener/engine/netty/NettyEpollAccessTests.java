package dev.listener.engine.netty;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every address-list test again, on the Netty engine with its epoll transport (its own address objects). */
@EnabledOnOs(OS.LINUX)
class NettyEpollAccessTests extends NettyAccessTests {

	@Override
	protected ApplicationContextRunner runner() {
		return super.runner().withPropertyValues("listener.netty.transport=epoll");
	}

}
