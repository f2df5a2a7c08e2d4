package dev.listener.engine.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.listener.engine.ProxyHeaderStep;
import dev.listener.pipeline.ProxyHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The PROXY protocol step on the Netty engine: adapts the connection's {@link ProxyHeaderStep},
 * which decides what the first bytes, the header and its deadline mean, to Netty. Its detector
 * hands the step the first bytes, Netty's {@link HAProxyMessageDecoder} reads the header, the
 * deadline runs on the channel's event loop, and this handler exposes the client the step admitted
 * as {@link NettyConnectionInitializer#REMOTE_ADDRESS} and removes itself, or closes a connection
 * the step refused. Until then it holds back {@code channelActive}, so the application's handlers
 * start with the client known. Its own class, so that the engine runs without netty-codec-haproxy
 * when the PROXY protocol is off.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter implements Runnable {

	private static final Log logger = LogFactory.getLog(ProxyProtocolHandler.class);

	/** How many of the first bytes the detector looks at: a v2 header's fixed part. */
	private static final int FIRST_BYTES = 16;

	private final ProxyHeaderStep step;

	private @Nullable ChannelHandlerContext context;

	private @Nullable ScheduledFuture<?> timeout;

	private boolean activeHeld;

	private ProxyProtocolHandler(ProxyHeaderStep step) {
		this.step = step;
	}

	/**
	 * Adds the step: the signature check, Netty's decoder (with the same size limit as the blocking
	 * engine's) and this handler.
	 * @param channelPipeline an accepted connection's pipeline
	 * @param step the connection's PROXY protocol step
	 */
	static void addTo(ChannelPipeline channelPipeline, ProxyHeaderStep step) {
		ProxyProtocolHandler handler = new ProxyProtocolHandler(step);
		channelPipeline.addLast(NettyHandlerNames.PROXY_DETECTOR, new Detector(handler))
			.addLast(NettyHandlerNames.PROXY_DECODER, new HAProxyMessageDecoder(ProxyHeader.MAX_TLV_LENGTH))
			.addLast(NettyHandlerNames.PROXY, handler);
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
		this.timeout = ctx.executor().schedule(this, this.step.timeoutNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancelTimeout();
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.activeHeld = true;
	}

	/**
	 * Goes no further while {@code channelActive} is held back: the handlers after this one never
	 * saw the connection active, so they do not see it end (the pipeline's removal still tells
	 * them, through {@code handlerRemoved}).
	 */
	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancelTimeout();
		if (!this.activeHeld) {
			ctx.fireChannelInactive();
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof HAProxyMessage header) || this.step.isEnded()) {
			// bytes behind a refused header
			ReferenceCountUtil.release(msg);
			return;
		}
		try {
			if (this.step.header(client(header))) {
				serve(ctx);
			}
			else {
				close(ctx);
			}
		}
		finally {
			header.release();
		}
	}

	/**
	 * The decoder's failures (a malformed or oversized header) refuse this connection only. Any
	 * other failure before the header is read, such as a reset, ends it here too, as on the
	 * blocking engine (a reset, or a rejected connection): the handlers after this one, TLS's
	 * among them, have not started.
	 */
	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof DecoderException) {
			if (this.step.malformed(cause.getMessage())) {
				close(ctx);
			}
			return;
		}
		if (this.step.failed(cause)) {
			if (logger.isDebugEnabled()) {
				logger.debug("Closing " + ctx.channel() + " before its PROXY protocol header", cause);
			}
			close(ctx);
		}
	}

	/** The header's deadline. */
	@Override
	public void run() {
		ChannelHandlerContext ctx = this.context;
		if (ctx != null && this.step.timedOut()) {
			close(ctx);
		}
	}

	/** The client is known and admitted: the handlers after this one see the connection active. */
	private void serve(ChannelHandlerContext ctx) {
		cancelTimeout();
		ctx.channel().attr(NettyConnectionInitializer.REMOTE_ADDRESS).set(this.step.client());
		if (this.activeHeld) {
			this.activeHeld = false;
			ctx.fireChannelActive();
		}
		ctx.pipeline().remove(this);
	}

	/** The step refused the connection (counted) or ended otherwise. */
	private void close(ChannelHandlerContext ctx) {
		cancelTimeout();
		ctx.close();
	}

	private void cancelTimeout() {
		ScheduledFuture<?> timeout = this.timeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
	}

	/** The client of a PROXY command over TCP or UDP; null for LOCAL, UNKNOWN and unix. */
	private static @Nullable InetSocketAddress client(HAProxyMessage header) {
		HAProxyProxiedProtocol protocol = header.proxiedProtocol();
		if (header.command() != HAProxyCommand.PROXY || header.sourceAddress() == null
				|| protocol.addressFamily() == HAProxyProxiedProtocol.AddressFamily.AF_UNIX
				|| protocol.addressFamily() == HAProxyProxiedProtocol.AddressFamily.AF_UNSPEC) {
			return null;
		}
		// the decoder has checked it is an IP literal: no lookup
		InetAddress address = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
		return (address != null) ? new InetSocketAddress(address, header.sourcePort()) : null;
	}

	/**
	 * First: hands the first bytes to the step, which tells whether a header comes, then gets out
	 * of the way. A byte that no signature starts with decides at once (Netty's own detection waits
	 * for 12 bytes, which a short first message may never reach), and a v2 header's length is
	 * checked against the limit as soon as it arrives (Netty's decoder would wait for the bytes to
	 * exceed it, and time out instead).
	 */
	private static final class Detector extends ByteToMessageDecoder {

		private final ProxyProtocolHandler handler;

		Detector(ProxyProtocolHandler handler) {
			this.handler = handler;
		}

		@Override
		protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
			ProxyProtocolHandler handler = this.handler;
			ChannelHandlerContext handlerContext = handler.context;
			if (handler.step.isEnded()) {
				in.skipBytes(in.readableBytes());
				return;
			}
			if (handlerContext == null) {
				return;
			}
			byte[] first = new byte[Math.min(in.readableBytes(), FIRST_BYTES)];
			in.getBytes(in.readerIndex(), first);
			switch (handler.step.detect(ByteBuffer.wrap(first).position(first.length))) {
				case MORE -> {
				}
				case HEADER -> ctx.pipeline().remove(this);
				case SERVE -> {
					ctx.pipeline().remove(HAProxyMessageDecoder.class);
					handler.serve(handlerContext);
					ctx.pipeline().remove(this);
				}
				case REFUSED -> {
					handler.close(handlerContext);
					in.skipBytes(in.readableBytes());
				}
			}
		}

	}

}
