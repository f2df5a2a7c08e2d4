package dev.listener.engine.netty;

import java.io.IOException;

import dev.listener.socket.ListenSocket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The server channel's only handler, Netty's {@code ServerBootstrapAcceptor} made the starter's:
 * each accepted channel goes to the engine, which counts it toward the limit and registers it; a
 * failed accept() is counted and pauses accepting.
 */
final class AcceptHandler extends ChannelInboundHandlerAdapter {

	private static final Log logger = LogFactory.getLog(AcceptHandler.class);

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

	/** A failed accept() arrives here as an IOException; anything else is logged, never thrown on. */
	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof IOException) {
			if (ctx.channel().isOpen()) {
				this.engine.acceptFailed(this.socket, ctx.channel(), cause);
			}
		}
		else {
			logger.warn("Unexpected failure on " + this.socket, cause);
		}
	}

}
