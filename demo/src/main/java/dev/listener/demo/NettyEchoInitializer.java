package dev.listener.demo;

import dev.listener.netty.NettyConnectionInitializer;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;

import org.springframework.stereotype.Component;

/**
 * The echo on the Netty engine ({@code listener.engine=netty}): one shared handler writes back
 * each buffer it reads and flushes once per read, with no copy. With {@code listener.framing.type}
 * set, the starter's decoder hands it whole frames and its encoder writes each back as a frame.
 */
@Component
class NettyEchoInitializer implements NettyConnectionInitializer {

	private static final Echo ECHO = new Echo();

	@Override
	public void initChannel(SocketChannel channel) {
		channel.pipeline().addLast(ECHO);
	}

	@Sharable
	static final class Echo extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ctx.write(msg);
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

	}

}
