package dev.listener.netty;

import javax.net.ssl.SSLException;

import dev.listener.socket.CloseReason;
import dev.listener.socket.ListenSocket;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Last in each pipeline: an exception no application handler dealt with is counted and logged
 * once, and closes its connection only (a dgram socket goes on receiving); the peer going away (a
 * reset, a broken pipe) closes it as a reset, and a bad TLS record from the peer as rejected, neither
 * a handler error. A message no handler consumed is released.
 */
@Sharable
final class FailureHandler extends ChannelInboundHandlerAdapter {

	private static final Log logger = LogFactory.getLog(FailureHandler.class);

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
		if (isTlsRecordFailure(ctx, cause)) {
			if (logger.isDebugEnabled()) {
				logger.debug("Closing " + ctx.channel() + ": the peer sent a bad TLS record", cause);
			}
			ConnectionCounter.close(ctx, CloseReason.REJECTED);
			return;
		}
		boolean peerGone = CloseReason.isPeerGone(cause);
		if (!peerGone && !(this.engine.isStopping() && !ctx.channel().isOpen())) {
			this.engine.handlerFailed(this.socket, ctx.channel(), cause);
		}
		if (this.closeOnFailure) {
			ConnectionCounter.close(ctx, peerGone ? CloseReason.RESET : CloseReason.HANDLER_ERROR);
		}
	}

	/**
	 * Whether the starter's {@code SslHandler} failed on what the peer sent after the handshake
	 * (it raises the {@code SSLException} wrapped in a {@code DecoderException}): the peer's fault,
	 * as a failed handshake is, not the application's.
	 */
	private static boolean isTlsRecordFailure(ChannelHandlerContext ctx, Throwable cause) {
		return cause.getCause() instanceof SSLException && ctx.pipeline().get(NettyPipeline.TLS_HANDLER) != null;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ReferenceCountUtil.release(msg);
	}

}
