package dev.listener.netty;

import java.io.IOException;

import dev.listener.socket.ListenSocket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The server channel's only handler, Netty's {@code ServerBootstrapAcceptor} made the starter's:
 * each accepted channel goes to the engine, which counts it toward the limit and registers it; a
 * failed accept() is counted and pauses accepting.
 */
final class AcceptHandler extends ChannelInboundHandlerAdapter {

	private final NettyListenerEngine engine;

	private final ListenSocket socket;

	private final FailureHandler failures;

	AcceptHandler(NettyListenerEngine engine, ListenSocket socket) {
		this.engine = engine;
		this.socket = socket;
		this.failures = new FailureHandler(engine, socket, true);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		this.engine.accepted(this.socket, (Channel) msg, this.failures);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof IOException && ctx.channel().isOpen()) {
			this.engine.acceptFailed(this.socket, ctx.channel(), cause);
		}
	}

}
