package dev.listener.engine.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.listener.engine.ConnectionEvents;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.ProxyHeader;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.RejectReason;
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
 * The PROXY protocol step on the Netty engine, after Netty's {@link HAProxyMessageDecoder}: takes
 * the client's address from the header, checks it against the address lists, exposes it as
 * {@link NettyConnectionInitializer#REMOTE_ADDRESS}, and removes itself. Until then it holds back
 * {@code channelActive}, so the application's handlers start with the client known; a header
 * that is malformed, over the limit, late or from an untrusted peer closes the connection as
 * rejected and is counted under its own reason, never as a handler error. Its own class, so that
 * the engine runs without netty-codec-haproxy when the PROXY protocol is off.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter implements Runnable {

	private static final Log logger = LogFactory.getLog(ProxyProtocolHandler.class);

	private final ConnectionPipeline pipeline;

	private final ConnectionEvents events;

	private @Nullable ChannelHandlerContext context;

	private @Nullable ScheduledFuture<?> timeout;

	private boolean activeHeld;

	/** Whether the header was taken or the connection refused: nothing more to do. */
	private boolean done;

	private ProxyProtocolHandler(ConnectionPipeline pipeline, ConnectionEvents events) {
		this.pipeline = pipeline;
		this.events = events;
	}

	/**
	 * Adds the step: the signature check, Netty's decoder (with the same size limit as the blocking
	 * engine's) and this handler.
	 * @param channelPipeline an accepted connection's pipeline
	 * @param pipeline the listener's connection pipeline
	 * @param events the connection's events
	 */
	static void addTo(ChannelPipeline channelPipeline, ConnectionPipeline pipeline, ConnectionEvents events) {
		ProxyProtocolHandler handler = new ProxyProtocolHandler(pipeline, events);
		channelPipeline.addLast(NettyHandlerNames.PROXY_DETECTOR, new Detector(handler))
			.addLast(NettyHandlerNames.PROXY_DECODER, new HAProxyMessageDecoder(ProxyHeader.MAX_TLV_LENGTH))
			.addLast(NettyHandlerNames.PROXY, handler);
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
		this.timeout = ctx.executor()
			.schedule(this, this.pipeline.proxyProtocol().timeout().toNanos(), TimeUnit.NANOSECONDS);
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
		if (!(msg instanceof HAProxyMessage header) || this.done) {
			// bytes behind a refused header
			ReferenceCountUtil.release(msg);
			return;
		}
		try {
			InetSocketAddress client = client(header);
			admit(ctx, (client != null) ? client : peer(ctx), true);
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
		if (this.done) {
			return;
		}
		if (cause instanceof DecoderException) {
			if (logger.isDebugEnabled()) {
				logger.debug("Refusing " + ctx.channel() + ": " + cause.getMessage());
			}
			refuse(ctx, RejectReason.PROXY_MALFORMED);
			return;
		}
		this.done = true;
		cancelTimeout();
		if (logger.isDebugEnabled()) {
			logger.debug("Closing " + ctx.channel() + " before its PROXY protocol header", cause);
		}
		this.events.stepFailed(cause);
		ctx.close();
	}

	/** The header's deadline. */
	@Override
	public void run() {
		ChannelHandlerContext ctx = this.context;
		if (ctx != null && !this.done) {
			refuse(ctx, RejectReason.PROXY_TIMEOUT);
		}
	}

	/**
	 * The client is known (from the header, or the peer itself): the address lists decide.
	 * @return whether the connection goes on
	 */
	private boolean admit(ChannelHandlerContext ctx, InetSocketAddress client, boolean header) {
		RejectReason filtered = this.pipeline.checkClient(client.getAddress());
		RejectReason reason = header ? this.events.proxied(client, filtered) : filtered;
		if (reason != null) {
			refuse(ctx, reason);
			return false;
		}
		this.done = true;
		ctx.channel().attr(NettyConnectionInitializer.REMOTE_ADDRESS).set(client);
		if (this.activeHeld) {
			this.activeHeld = false;
			ctx.fireChannelActive();
		}
		ctx.pipeline().remove(this);
		return true;
	}

	private void refuse(ChannelHandlerContext ctx, RejectReason reason) {
		this.done = true;
		cancelTimeout();
		this.events.refused(reason);
		ctx.close();
	}

	private boolean trustsPeer(ChannelHandlerContext ctx) {
		return this.pipeline.proxyProtocol().trusts(peer(ctx).getAddress());
	}

	private void cancelTimeout() {
		ScheduledFuture<?> timeout = this.timeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
	}

	private static InetSocketAddress peer(ChannelHandlerContext ctx) {
		return (InetSocketAddress) ctx.channel().remoteAddress();
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
	 * First: tells from the first bytes whether a header comes, by the same rules as the blocking
	 * engine, then gets out of the way. A byte that no signature starts with decides at once
	 * (Netty's own detection waits for 12 bytes, which a short first message may never reach), and
	 * a v2 header's length is checked against the limit as soon as it arrives (Netty's decoder
	 * would wait for the bytes to exceed it, and time out instead).
	 */
	private static final class Detector extends ByteToMessageDecoder {

		/** The v2 signature, version, family and length. */
		private static final int V2_FIXED_LENGTH = 16;

		private final ProxyProtocolHandler handler;

		Detector(ProxyProtocolHandler handler) {
			this.handler = handler;
		}

		/** Refuses the connection and drops what it sent. */
		private void refuse(ChannelHandlerContext handlerContext, ByteBuf in, RejectReason reason) {
			this.handler.refuse(handlerContext, reason);
			in.skipBytes(in.readableBytes());
		}

		@Override
		protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
			if (this.handler.done) {
				in.skipBytes(in.readableBytes());
				return;
			}
			byte[] first = new byte[Math.min(in.readableBytes(), V2_FIXED_LENGTH)];
			in.getBytes(in.readerIndex(), first);
			ByteBuffer bytes = ByteBuffer.wrap(first).position(first.length);
			ProxyHeader.Detection detection = ProxyHeader.detect(bytes);
			ProxyProtocolHandler handler = this.handler;
			ChannelHandlerContext handlerContext = handler.context;
			if (detection == ProxyHeader.Detection.NEEDS_MORE || handlerContext == null) {
				return;
			}
			if (detection == ProxyHeader.Detection.HEADER) {
				if (!handler.trustsPeer(ctx)) {
					refuse(handlerContext, in, RejectReason.PROXY_UNTRUSTED);
					return;
				}
				if (first[0] != 'P') {
					if (first.length < V2_FIXED_LENGTH) {
						return;
					}
					try {
						ProxyHeader.parse(bytes);
					}
					catch (ProtocolException ex) {
						refuse(handlerContext, in, RejectReason.PROXY_MALFORMED);
						return;
					}
				}
				ctx.pipeline().remove(this);
				return;
			}
			if (handler.pipeline.proxyProtocol().mode() == ProxyProtocol.Mode.REQUIRED) {
				refuse(handlerContext, in, RejectReason.PROXY_MALFORMED);
				return;
			}
			ctx.pipeline().remove(HAProxyMessageDecoder.class);
			if (handler.admit(handlerContext, peer(ctx), false)) {
				ctx.pipeline().remove(this);
			}
			else {
				in.skipBytes(in.readableBytes());
			}
		}

	}

}
