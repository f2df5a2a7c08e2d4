package dev.listener.engine.netty;

import java.io.IOException;

import dev.listener.socket.ListenSocket;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import org.jspecify.annotations.Nullable;

/**
 * Linux io_uring, for dgram listeners: Netty's channel takes a duplicate of the bound socket's
 * descriptor, as with epoll. Netty 4.2's io_uring server channel has no constructor taking a
 * descriptor, so it cannot serve a socket the starter bound: stream listeners take epoll or NIO.
 */
final class IoUringTransport implements Transport {

	/**
	 * @param classLoader where to look for Netty's classes
	 * @return why io_uring cannot be used here, {@code null} when it can
	 */
	static @Nullable String unavailability(ClassLoader classLoader) {
		if (!NettyEngines.isPresent("io.netty.channel.uring.IoUring", classLoader)) {
			return "Netty's io_uring classes are not on the class path";
		}
		return IoUring.isAvailable() ? null : String.valueOf(IoUring.unavailabilityCause());
	}

	@Override
	public String name() {
		return "io_uring";
	}

	@Override
	public IoHandlerFactory ioHandlerFactory() {
		return IoUringIoHandler.newFactory();
	}

	@Override
	public ServerChannel serverChannel(ListenSocket socket) {
		throw new UnsupportedOperationException("io_uring cannot serve the bound stream socket " + socket);
	}

	@Override
	public Channel datagramChannel(ListenSocket socket) throws IOException {
		return Transport.onDuplicate(socket, IoUringDatagramChannel::new);
	}

}
