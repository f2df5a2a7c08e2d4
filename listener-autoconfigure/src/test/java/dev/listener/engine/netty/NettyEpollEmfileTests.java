package dev.listener.engine.netty;

import java.util.List;


/** {@link NettyEmfileTests} on epoll. */
class NettyEpollEmfileTests extends NettyEmfileTests {

	@Override
	protected List<String> childArguments() {
		return List.of("netty", "epoll");
	}

}
