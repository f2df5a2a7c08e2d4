package dev.listener.engine.netty;

import dev.listener.socket.CloseReason;
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
		boolean peerGone = CloseReason.isPeerGone(cause);
		if (!peerGone && !(this.engine.isStopping() && !ctx.channel().isOpen())) {
			this.engine.handlerFailed(this.socket, ctx.channel(), cause);
		}
		if (this.closeOnFailure) {
			ConnectionCounter.close(ctx, peerGone ? CloseReason.RESET : CloseReason.HANDLER_ERROR);
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ReferenceCountUtil.release(msg);
	}

}
