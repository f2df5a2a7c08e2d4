package dev.listener.guide;

import java.util.concurrent.atomic.AtomicLong;

import dev.listener.engine.netty.NettyChannelCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuditCustomizer {

	@Bean
	NettyChannelCustomizer receiveBuffers() {
		return new NettyChannelCustomizer() {

			@Override
			public void customizeListenChannel(Channel channel) {
				// a server channel, or a dgram socket's channel, before it is registered
			}

			@Override
			public void customizeConnection(DuplexChannel channel) {
				// after the starter's handlers and your initializer, before listener-failures
				channel.pipeline().addLast("audit", new AuditHandler());
			}

		};
	}

	/** Counts the connections it sees become active, to show where it sits. */
	@Sharable
	static final class AuditHandler extends ChannelInboundHandlerAdapter {

		static final AtomicLong active = new AtomicLong();

		@Override
		public void channelActive(ChannelHandlerContext context) {
			active.incrementAndGet();
			context.fireChannelActive();
		}

	}

}
