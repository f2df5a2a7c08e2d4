package dev.listener.engine.netty;

import java.net.InetSocketAddress;
import java.util.Queue;

import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.blocking.ProxyProtocolTests;
import dev.listener.socket.Addresses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every PROXY protocol test again, on the Netty engine: Netty's decoder, the client address in
 * {@link NettyConnectionInitializer#REMOTE_ADDRESS} by the time the handlers see the channel active.
 */
class NettyProxyProtocolTests extends ProxyProtocolTests {

	@Override
	protected ApplicationContextRunner runner() {
		return NettyTestHandlers.onNetty(super.runner());
	}

	@Override
	protected ApplicationContextRunner addressEcho(ApplicationContextRunner runner, Queue<String> seen) {
		NettyConnectionInitializer initializer = (channel) -> channel.pipeline()
			.addLast(new ChannelInboundHandlerAdapter() {

				@Override
				public void channelActive(ChannelHandlerContext ctx) {
					seen.add(Addresses.format(NettyConnectionInitializer.remoteAddress(ctx.channel())) + " via "
							+ ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress());
					ctx.fireChannelActive();
				}

			}, NettyTestHandlers.Echo.INSTANCE);
		return runner.withBean(NettyConnectionInitializer.class, () -> initializer);
	}

}
