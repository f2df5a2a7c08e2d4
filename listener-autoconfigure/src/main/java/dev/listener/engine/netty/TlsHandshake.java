package dev.listener.engine.netty;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import dev.listener.engine.ConnectionEvents;
import dev.listener.engine.HandshakeStep;
import dev.listener.handler.TlsRecordException;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.Tls;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Right after the {@code SslHandler}: adapts the {@link HandshakeStep} to Netty (the deadline on the
 * channel's event loop, the handshake's end from the {@code SslHandler}'s completion event), so that
 * its failure is a refused connection ({@code rejected}, counted under its {@link HandshakeFailure}
 * reason) instead of a handler error; after it, a bad record from the peer too ({@code rejected}).
 * It handles no read or write, so Netty skips it on the hot path.
 * <p>
 * The handshake's clock, for its timeout and its duration, starts when the connection becomes
 * active past the steps before it: after the PROXY protocol header, as on the blocking engine.
 * The {@code SslHandler}'s own timeout would start at registration, so that a header arriving
 * late would shorten the handshake's time; it is off, and this handler keeps the timeout.
 */
final class TlsHandshake extends ChannelInboundHandlerAdapter implements Runnable {

	private static final Log logger = LogFactory.getLog(TlsHandshake.class);

	private final HandshakeStep step;

	private final ConnectionEvents events;

	private @Nullable ChannelHandlerContext context;

	private @Nullable ScheduledFuture<?> timeout;

	TlsHandshake(ConnectionEvents events, Tls tls) {
		this.events = events;
		this.step = new HandshakeStep(events, tls);
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
	}

	/** The steps before are done: the handshake's clock starts. */
	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.timeout = ctx.executor().schedule(this, this.step.start(), TimeUnit.NANOSECONDS);
		ctx.fireChannelActive();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancelTimeout();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancelTimeout();
	}

	/** The handshake's deadline. */
	@Override
	public void run() {
		ChannelHandlerContext ctx = this.context;
		if (ctx != null && !ctx.isRemoved() && this.step.timedOut()) {
			ctx.close();
		}
	}

	private void cancelTimeout() {
		ScheduledFuture<?> timeout = this.timeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof SslHandshakeCompletionEvent completion) {
			if (completion.isSuccess()) {
				SslHandler tls = ctx.pipeline().get(SslHandler.class);
				this.step.completed((tls != null) ? tls.engine().getSession() : null,
						(tls != null) ? tls.engine().getApplicationProtocol() : null);
				cancelTimeout();
			}
			else {
				failed(ctx, completion.cause());
			}
		}
		ctx.fireUserEventTriggered(event);
	}

	/**
	 * Until the handshake is over, a failure is the handshake's: the SslHandler raises what failed
	 * it (wrapped) after its completion event, and that goes no further. After it, the SslHandler
	 * failing on a record from the peer closes the connection as refused; anything else goes on to
	 * the application's handlers (theirs never come through here: they flow toward the tail).
	 */
	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (!this.step.isCompleted()) {
			failed(ctx, (cause instanceof DecoderException && cause.getCause() != null) ? cause.getCause() : cause);
		}
		else if (cause instanceof SSLException
				|| (cause instanceof DecoderException && cause.getCause() instanceof SSLException)) {
			if (logger.isDebugEnabled()) {
				logger.debug("Closing " + ctx.channel() + ": the peer sent a bad TLS record", cause);
			}
			// the JDK's engine's failure comes wrapped by the SslHandler's decoding, OpenSSL's as it is
			SSLException record = (SSLException) ((cause instanceof SSLException) ? cause : cause.getCause());
			this.events.failed(new TlsRecordException(record), ctx.channel().isOpen(),
					ctx.channel());
			ctx.close();
		}
		else {
			ctx.fireExceptionCaught(cause);
		}
	}

	private void failed(ChannelHandlerContext ctx, Throwable cause) {
		if (this.step.failed(cause, ctx.channel())) {
			ctx.close();
		}
	}

}
