package dev.listener.engine.netty;

import java.io.IOException;

import dev.listener.socket.ListenSocket;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * Linux epoll: Netty's channel takes a duplicate of the bound socket's descriptor, so it serves
 * the very socket the opener bound (family, IPV6_V6ONLY and options included); closing the channel
 * closes the duplicate, and the listen socket closes its own.
 */
final class EpollTransport implements Transport {

	/**
	 * @param classLoader where to look for Netty's classes
	 * @return why epoll cannot be used here, {@code null} when it can
	 */
	static @Nullable String unavailability(ClassLoader classLoader) {
		if (!NettyEngines.isPresent("io.netty.channel.epoll.Epoll", classLoader)) {
			return "Netty's epoll classes are not on the class path";
		}
		return Epoll.isAvailable() ? null : String.valueOf(Epoll.unavailabilityCause());
	}

	@Override
	public String name() {
		return "epoll";
	}

	@Override
	public IoHandlerFactory ioHandlerFactory() {
		return EpollIoHandler.newFactory();
	}

	@Override
	public ServerChannel serverChannel(ListenSocket socket) throws IOException {
		return Transport.onDuplicate(socket, EpollServerSocketChannel::new);
	}

	@Override
	public Channel datagramChannel(ListenSocket socket) throws IOException {
		return Transport.onDuplicate(socket, EpollDatagramChannel::new);
	}

}
