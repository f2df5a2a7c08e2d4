package dev.listener.demo;

import dev.listener.engine.netty.NettyDatagramInitializer;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The datagram echo as a Netty initializer ({@code demo.echo=netty}, Netty engine): sends each
 * datagram's buffer back to its sender.
 */
@Component
@ConditionalOnProperty(name = "demo.echo", havingValue = "netty")
class NettyDatagramEchoInitializer implements NettyDatagramInitializer {

	private static final Echo ECHO = new Echo();

	@Override
	public void initChannel(DatagramChannel channel) {
		channel.pipeline().addLast(ECHO);
	}

	@Sharable
	static final class Echo extends SimpleChannelInboundHandler<DatagramPacket> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
			ctx.writeAndFlush(new DatagramPacket(packet.content().retain(), packet.sender()));
		}

	}

}
