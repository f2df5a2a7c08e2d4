package dev.listener.actuate;

import dev.listener.socket.ListenSocket;

/**
 * A {@code TCP_INFO} source that cannot be used, as where libc cannot be called: what makes the
 * indicator fall back to the socket tables.
 */
final class NoTcpInfo implements AcceptQueueSource {

	@Override
	public AcceptQueue read(ListenSocket socket) {
		throw new UnsupportedOperationException("no TCP_INFO here");
	}

	@Override
	public String name() {
		return "tcp_info";
	}

}
