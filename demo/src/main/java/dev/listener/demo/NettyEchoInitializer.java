package dev.listener.demo;

import dev.listener.engine.netty.NettyConnectionInitializer;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The echo as a Netty initializer ({@code demo.echo=netty}, Netty engine): one shared handler writes back
 * each buffer it reads and flushes once per read, with no copy. With {@code listener.framing.type}
 * set, the starter's decoder hands it whole frames and its encoder writes each back as a frame. Logs
 * the client at DEBUG when the connection becomes active, after any PROXY protocol header is read.
 */
@Component
@ConditionalOnProperty(name = "demo.echo", havingValue = "netty")
class NettyEchoInitializer implements NettyConnectionInitializer {

	private static final Echo ECHO = new Echo();

	@Override
	public void initChannel(DuplexChannel channel) {
		channel.pipeline().addLast(ECHO);
	}

	@Sharable
	static final class Echo extends ChannelInboundHandlerAdapter {

		private static final Log logger = LogFactory.getLog(NettyEchoInitializer.class);

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			if (logger.isDebugEnabled()) {
				logger.debug(Echoing.message(NettyConnectionInitializer.remoteAddress(ctx.channel()),
						ctx.channel().remoteAddress()));
			}
			ctx.fireChannelActive();
		}

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
