package dev.listener.engine.netty;

import dev.listener.socket.Family;
import dev.listener.socket.ListenSocket;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The JDK selector: Netty wraps the very JDK channel the opener bound, so closing either closes
 * the socket. A unix socket (the JDK's {@code StandardProtocolFamily.UNIX}, Java 16+) is served by
 * {@link NioUnixServerChannel}, its connections by Netty's {@code NioDomainSocketChannel}.
 */
final class NioTransport implements Transport {

	@Override
	public String name() {
		return "nio";
	}

	@Override
	public IoHandlerFactory ioHandlerFactory() {
		return NioIoHandler.newFactory();
	}

	@Override
	public ServerChannel serverChannel(ListenSocket socket) {
		if (socket.addressInfo().family() == Family.UNIX) {
			return new NioUnixServerChannel(socket.serverSocketChannel());
		}
		return new NioServerSocketChannel(socket.serverSocketChannel());
	}

	@Override
	public Channel datagramChannel(ListenSocket socket) {
		return new NioDatagramChannel(socket.datagramChannel());
	}

	/** NIO accepts a batch before passing any on: accepting one per read keeps the limit exact. */
	@Override
	public boolean acceptsInBatches() {
		return true;
	}

}
