package dev.listener.netty;

import dev.listener.socket.CloseReason;
import dev.listener.socket.HandshakeFailure;
import dev.listener.socket.SocketCounters;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Right after the {@code SslHandler}: times the handshake, and turns its failure into a refused
 * connection ({@code rejected}, counted under its {@link HandshakeFailure} reason) instead of a
 * handler error. Removes itself once the handshake has succeeded.
 */
final class TlsHandshake extends ChannelInboundHandlerAdapter {

	private static final Log logger = LogFactory.getLog(TlsHandshake.class);

	private final SocketCounters counters;

	private long startedNanos;

	private boolean failed;

	TlsHandshake(SocketCounters counters) {
		this.counters = counters;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.startedNanos = System.nanoTime();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof SslHandshakeCompletionEvent completion) {
			if (completion.isSuccess()) {
				this.counters.handshakeCompleted(System.nanoTime() - this.startedNanos);
				ctx.pipeline().remove(this);
			}
			else {
				failed(ctx, completion.cause());
			}
		}
		ctx.fireUserEventTriggered(event);
	}

	/**
	 * Until the handshake is over, a failure is the handshake's: the SslHandler raises what failed
	 * it (wrapped) after its completion event, and that goes no further.
	 */
	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		failed(ctx, (cause instanceof DecoderException && cause.getCause() != null) ? cause.getCause() : cause);
	}

	private void failed(ChannelHandlerContext ctx, Throwable cause) {
		if (this.failed) {
			return;
		}
		this.failed = true;
		HandshakeFailure reason = (cause instanceof SslHandshakeTimeoutException) ? HandshakeFailure.TIMEOUT
				: HandshakeFailure.of(cause);
		this.counters.handshakeFailed(reason);
		if (logger.isDebugEnabled()) {
			logger.debug("TLS handshake failed on " + ctx.channel(), cause);
		}
		ConnectionCounter counter = ctx.pipeline().get(ConnectionCounter.class);
		if (counter != null) {
			counter.closing(CloseReason.REJECTED);
		}
		ctx.close();
	}

}
