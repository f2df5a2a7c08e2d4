package dev.listener.benchmarks;

import java.io.File;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * The baseline: Netty's echo on one event loop, bound to 127.0.0.1.
 * <p>
 * Usage: {@code NettyEchoServer <port> [nio|epoll] [tcp|udp|tls-jdk|tls-openssl] [cert key]}, NIO over
 * TCP by default; {@code tls-*} puts Netty's {@code SslHandler} first, on the JDK's engine or on
 * OpenSSL (netty-tcnative), with the PEM certificate and key given.
 */
public final class NettyEchoServer {

	private NettyEchoServer() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		boolean epoll = args.length > 1 && args[1].equals("epoll");
		boolean udp = args.length > 2 && args[2].equals("udp");
		SslContext tls = null;
		if (args.length > 2 && args[2].startsWith("tls-")) {
			SslProvider provider = args[2].equals("tls-openssl") ? SslProvider.OPENSSL : SslProvider.JDK;
			if (provider == SslProvider.OPENSSL) {
				OpenSsl.ensureAvailability();
			}
			tls = SslContextBuilder.forServer(new File(args[3]), new File(args[4])).sslProvider(provider).build();
		}
		if (epoll && !Epoll.isAvailable()) {
			throw new IllegalStateException("epoll is not available", Epoll.unavailabilityCause());
		}
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
		try {
			Channel channel;
			if (udp) {
				channel = new Bootstrap().group(group)
					.channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
					.handler(new DatagramEcho())
					.bind("127.0.0.1", port)
					.sync()
					.channel();
			}
			else {
				Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class
						: NioServerSocketChannel.class;
				channel = new ServerBootstrap().group(group)
					.channel(type)
					.option(ChannelOption.SO_BACKLOG, 4096)
					.childOption(ChannelOption.TCP_NODELAY, true)
					.childHandler((tls != null) ? new TlsEcho(tls) : new Echo())
					.bind("127.0.0.1", port)
					.sync()
					.channel();
			}
			channel.closeFuture().sync();
		}
		finally {
			group.shutdownGracefully();
		}
	}

	@Sharable
	static final class Echo extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			context.write(message);
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext context) {
			context.flush();
		}

	}

	/** The SslHandler, then the echo. */
	static final class TlsEcho extends ChannelInitializer<Channel> {

		private final SslContext tls;

		TlsEcho(SslContext tls) {
			this.tls = tls;
		}

		@Override
		protected void initChannel(Channel channel) {
			channel.pipeline().addLast(this.tls.newHandler(channel.alloc())).addLast(new Echo());
		}

	}

	@Sharable
	static final class DatagramEcho extends SimpleChannelInboundHandler<DatagramPacket> {

		@Override
		protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
			context.write(new DatagramPacket(packet.content().retain(), packet.sender()));
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext context) {
			context.flush();
		}

	}

}
