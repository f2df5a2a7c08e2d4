package dev.listener.engine.netty;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every TLS test again, on the Netty engine with its epoll transport (a unix listener's TLS included). */
@EnabledOnOs(OS.LINUX)
class NettyEpollTlsServingTests extends NettyTlsServingTests {

	@Override
	protected ApplicationContextRunner runnerWithoutHost() {
		return super.runnerWithoutHost().withPropertyValues("listener.netty.transport=epoll");
	}

}
