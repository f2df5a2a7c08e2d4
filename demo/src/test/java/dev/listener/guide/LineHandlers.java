package dev.listener.guide;

import dev.listener.engine.netty.NettyConnectionInitializer;
import dev.listener.handler.ConnectionHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * docs/protection.md, framing: a line handler on each engine, with {@code listener.framing.type=line}.
 * Run by {@link GuideExamplesTests}.
 */
final class LineHandlers {

	private LineHandlers() {
	}

	@Configuration(proxyBeanMethods = false)
	static class Blocking {

		@Bean
		ConnectionHandler lines() {
			return (connection) -> {
				for (byte[] line = connection.readFrame(); line != null; line = connection.readFrame()) {
					connection.writeFrame(("you said " + new String(line, UTF_8)).getBytes(UTF_8));
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Netty {

		@Bean
		NettyConnectionInitializer lines() {
			return (channel) -> channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
				@Override
				protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
					ctx.writeAndFlush(Unpooled.copiedBuffer("you said " + line.toString(UTF_8), UTF_8));
				}
			});
		}

	}

}
