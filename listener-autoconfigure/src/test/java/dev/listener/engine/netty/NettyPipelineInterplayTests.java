package dev.listener.engine.netty;

import java.nio.charset.StandardCharsets;

import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.blocking.PipelineInterplayTests;
import dev.listener.socket.Addresses;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The same on the Netty engine: the client in {@link NettyConnectionInitializer#REMOTE_ADDRESS}
 * when the channel is active, the session when the handshake completes, and each frame a
 * {@code ByteBuf}, written back whole.
 */
class NettyPipelineInterplayTests extends PipelineInterplayTests {

	@Override
	protected ApplicationContextRunner runner() {
		return NettyTestHandlers.onNetty(super.runner());
	}

	@Override
	protected ApplicationContextRunner recordingFrameEcho(ApplicationContextRunner runner) {
		NettyConnectionInitializer initializer = (channel) -> channel.pipeline()
			.addLast(new ChannelInboundHandlerAdapter() {

				@Override
				public void channelActive(ChannelHandlerContext ctx) {
					NettyPipelineInterplayTests.this.seen
						.add("client " + Addresses.format(NettyConnectionInitializer.remoteAddress(ctx.channel())));
					ctx.fireChannelActive();
				}

				@Override
				public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
					if (event instanceof SslHandshakeCompletionEvent completion && completion.isSuccess()) {
						NettyPipelineInterplayTests.this.seen
							.add("tls " + ctx.pipeline().get(SslHandler.class).engine().getSession().getProtocol());
					}
					ctx.fireUserEventTriggered(event);
				}

				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					ByteBuf frame = (ByteBuf) msg;
					NettyPipelineInterplayTests.this.seen.add("frame " + frame.toString(StandardCharsets.UTF_8));
					ctx.writeAndFlush(frame);
				}

			});
		return runner.withBean(NettyConnectionInitializer.class, () -> initializer);
	}

}
