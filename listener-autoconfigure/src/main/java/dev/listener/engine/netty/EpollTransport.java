package dev.listener.engine.netty;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

import dev.listener.socket.Family;
import dev.listener.socket.ListenSocket;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Linux epoll: Netty's channel takes a duplicate of the bound socket's descriptor, so it serves
 * the very socket the opener bound (family, IPV6_V6ONLY and options included); closing the channel
 * closes the duplicate, and the listen socket closes its own. A unix socket is served by Netty's
 * domain socket channel, which, made on a descriptor, knows no path and so never deletes the
 * socket file: the listen socket removes it if it is still the one it bound.
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
		if (socket.addressInfo().family() == Family.UNIX) {
			// active: it listens already (the one-argument constructor would wait for a bind)
			return Transport.onDuplicate(socket, (fd) -> new EpollServerDomainSocketChannel(fd, true));
		}
		return Transport.onDuplicate(socket, EpollServerSocketChannel::new);
	}

	/** Netty's own unix address type, made the JDK's that the other engines and the hooks see. */
	@Override
	public SocketAddress remoteAddress(Channel child) {
		return jdkAddress(child.remoteAddress());
	}

	/**
	 * @param address an address of an epoll channel
	 * @return the JDK's {@link UnixDomainSocketAddress} for Netty's unix one, else the address
	 */
	static SocketAddress jdkAddress(SocketAddress address) {
		if (address instanceof DomainSocketAddress unix) {
			return UnixDomainSocketAddress.of(unix.path());
		}
		return address;
	}

	@Override
	public Channel datagramChannel(ListenSocket socket) throws IOException {
		return Transport.onDuplicate(socket, EpollDatagramChannel::new);
	}

}
