package dev.listener.engine.netty;

import dev.listener.engine.CloseReason;
import dev.listener.engine.ConnectionEvents;
import dev.listener.socket.ListenSocket;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Last in each pipeline: an exception no application handler dealt with is counted and logged
 * once, and closes its connection only (a dgram socket goes on receiving); the peer going away (a
 * reset, a broken pipe) closes it as a reset, not a handler error. A message no handler consumed is
 * released.
 */
@Sharable
final class FailureHandler extends ChannelInboundHandlerAdapter {

	private final NettyListenerEngine engine;

	private final ListenSocket socket;

	private final boolean closeOnFailure;

	FailureHandler(NettyListenerEngine engine, ListenSocket socket, boolean closeOnFailure) {
		this.engine = engine;
		this.socket = socket;
		this.closeOnFailure = closeOnFailure;
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ConnectionEvents events = this.closeOnFailure ? ConnectionCounter.events(ctx) : null;
		if (events != null) {
			events.failed(cause, ctx.channel().isOpen(), ctx.channel());
			ctx.close();
			return;
		}
		// a dgram socket goes on; so does the engine's count of a connection not set up yet
		if (!CloseReason.isPeerGone(cause) && !(this.engine.isStopping() && !ctx.channel().isOpen())) {
			this.engine.events().handlerFailed(this.socket, ctx.channel(), cause);
		}
		if (this.closeOnFailure) {
			ctx.close();
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ReferenceCountUtil.release(msg);
	}

}
