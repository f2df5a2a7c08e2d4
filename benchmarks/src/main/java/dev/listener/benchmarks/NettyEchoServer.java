package dev.listener.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The baseline: Netty's echo on one NIO event loop, bound to 127.0.0.1.
 * <p>
 * Usage: {@code NettyEchoServer <port>}.
 */
public final class NettyEchoServer {

	private NettyEchoServer() {
	}

	public static void main(String[] args) throws Exception {
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		try {
			new ServerBootstrap().group(group)
				.channel(NioServerSocketChannel.class)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childHandler(new Echo())
				.bind("127.0.0.1", Integer.parseInt(args[0]))
				.sync()
				.channel()
				.closeFuture()
				.sync();
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

}
