package dev.listener.engine.netty;

import java.util.List;

import dev.listener.engine.blocking.EmfileTests;

/**
 * A real EMFILE on the Netty engine, with NIO and with epoll: accepting pauses (10, 20, 40 ms, ...
 * up to 1 s) instead of spinning, the failures are counted as EMFILE, and the waiting connection is
 * served once descriptors are back. No accept() blocks here, so the last connection before EMFILE
 * takes one descriptor more.
 */
class NettyEmfileTests extends EmfileTests {

	@Override
	protected List<String> childArguments() {
		return List.of("netty", "nio");
	}

	@Override
	protected int descriptorsForTheLastConnection() {
		return 1;
	}

}
