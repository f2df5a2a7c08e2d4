package dev.listener.engine.netty;

import java.net.InetSocketAddress;
import java.util.List;

import dev.listener.engine.ConnectionEvents;
import dev.listener.engine.ListenerEvents;
import dev.listener.engine.ProxyHeaderStep;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.RejectReason;
import dev.listener.pipeline.Tls;
import dev.listener.socket.ListenSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ConnectionPipeline} on the Netty engine: the address check when a connection is
 * accepted, then the handlers of the PROXY header, TLS and framing, placed after the starter's
 * counting handler and before the application's.
 */
final class NettyPipeline {

	private final ConnectionPipeline pipeline;

	private final @Nullable NettyTls tls;

	/** Writes the frames of every connection: it holds no state. */
	private final ChannelHandler frameEncoder;

	NettyPipeline(ConnectionPipeline pipeline) {
		this.pipeline = pipeline;
		this.tls = (pipeline.tls() != null) ? new NettyTls(pipeline.tls()) : null;
		this.frameEncoder = (pipeline.framing().type() == Framing.Type.LENGTH_FIELD)
				? new LengthFieldEncoder(pipeline.framing())
				: new Terminator(pipeline.framing().terminator());
	}

	/**
	 * The framing whose length field a reply must fit, checked before it is written (an encoder's
	 * exception would fail the connection, not reach the handler).
	 * @param pipeline a connection's pipeline
	 * @return the framing, or {@code null} when the connection has no length field
	 */
	static @Nullable Framing lengthField(ChannelPipeline pipeline) {
		return (pipeline.get(NettyHandlerNames.FRAME_ENCODER) instanceof LengthFieldEncoder encoder) ? encoder.framing
				: null;
	}

	/**
	 * Checks a connection when it is accepted, before it is registered (nothing is read yet).
	 * @param socket the listen socket that accepted it
	 * @param child the accepted connection
	 * @return why it is refused, {@code null} to serve it; the caller reports and closes it
	 */
	@Nullable RejectReason admits(ListenSocket socket, Channel child) {
		if (!(child.remoteAddress() instanceof InetSocketAddress peer)) {
			return null;
		}
		return this.pipeline.checkAccepted(peer.getAddress());
	}

	/**
	 * Adds the pipeline's handlers to an accepted connection, after the counting handler.
	 * @param events the connection's events
	 * @param child the accepted connection
	 */
	void addHandlers(ConnectionEvents events, Channel child) {
		addProxyProtocol(events, child);
		addTls(events, child);
		addFraming(events, child);
	}

	/**
	 * Netty's {@code SslHandler}, named {@value NettyHandlerNames#TLS}, which application handlers find with
	 * {@code pipeline().get(SslHandler.class)}, then the handler that times the handshake.
	 */
	private void addTls(ConnectionEvents events, Channel child) {
		NettyTls tls = this.tls;
		Tls settings = this.pipeline.tls();
		if (tls != null && settings != null) {
			ChannelHandler alpnRefusal = tls.newAlpnRefusal();
			if (alpnRefusal != null) {
				child.pipeline().addLast(NettyHandlerNames.TLS_ALPN, alpnRefusal);
			}
			child.pipeline().addLast(NettyHandlerNames.TLS, tls.newHandler(child.alloc()));
			child.pipeline().addLast(NettyHandlerNames.TLS_HANDSHAKE, new TlsHandshake(events, settings));
		}
	}

	/** @return the TLS provider in use, for the startup line, or {@code null} without TLS */
	@Nullable String tlsProviderName() {
		return (this.tls != null) ? this.tls.providerName() : null;
	}

	/** @return {@code jdk} or {@code openssl}, for the endpoint, or {@code null} without TLS */
	@Nullable String tlsProvider() {
		return (this.tls != null) ? this.tls.provider() : null;
	}

	private void addProxyProtocol(ConnectionEvents events, Channel child) {
		ProxyHeaderStep step = ProxyHeaderStep.of(this.pipeline, events, child.remoteAddress());
		if (step != null) {
			ProxyProtocolHandler.addTo(child.pipeline(), step);
		}
	}

	/**
	 * Adds the handlers of a dgram socket, after its counting handler.
	 * @param events the listener's events
	 * @param socket the dgram socket
	 * @param channel its channel
	 */
	void addDatagramHandlers(ListenerEvents events, ListenSocket socket, Channel channel) {
		Framing framing = this.pipeline.framing();
		if (framing.isOn()) {
			channel.pipeline()
				.addLast(NettyHandlerNames.DATAGRAM_LIMIT, new DatagramLimit(events, socket, framing));
		}
	}

	/**
	 * Last of the steps: Netty's frame decoder (failing fast at the limit) and encoder, so the
	 * application's handlers read and write whole frames as {@link ByteBuf}s.
	 */
	private void addFraming(ConnectionEvents events, Channel child) {
		Framing framing = this.pipeline.framing();
		if (!framing.isOn()) {
			return;
		}
		int max = framing.maxFrameSize();
		ChannelHandler decoder = switch (framing.type()) {
			case LINE -> new LineBasedFrameDecoder(max, true, true);
			case DELIMITER -> new DelimiterBasedFrameDecoder(max, true, true, Unpooled.wrappedBuffer(framing.delimiter()));
			default -> new UnsignedLengthFieldDecoder(framing);
		};
		child.pipeline()
			.addLast(NettyHandlerNames.FRAME_DECODER, decoder)
			.addLast(NettyHandlerNames.FRAME_ENCODER, this.frameEncoder)
			.addLast(NettyHandlerNames.FRAME_LIMIT, new FrameLimit(events));
	}

	/**
	 * Netty's length-field decoder, reading an 8-byte field as unsigned too: a value past
	 * {@link Long#MAX_VALUE} is a frame too long, not a corrupt one.
	 */
	private static final class UnsignedLengthFieldDecoder extends LengthFieldBasedFrameDecoder {

		UnsignedLengthFieldDecoder(Framing framing) {
			// Netty's limit counts the length field as well
			super(framing.lengthField().order(), framing.maxFrameSize() + framing.lengthField().length(), 0,
					framing.lengthField().length(), framing.lengthField().includesLength() ? -framing.lengthField().length() : 0,
					framing.lengthField().length(), true);
		}

		@Override
		protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, java.nio.ByteOrder order) {
			long value = super.getUnadjustedFrameLength(buf, offset, length, order);
			// any value above the limit will do, with room for the adjustments not to overflow
			return (value < 0) ? Integer.MAX_VALUE : value;
		}

	}

	/** Netty's length-field encoder, with the framing that {@link #lengthField} hands the writers. */
	@Sharable
	private static final class LengthFieldEncoder extends LengthFieldPrepender {

		private final Framing framing;

		LengthFieldEncoder(Framing framing) {
			super(framing.lengthField().order(), framing.lengthField().length(), 0,
					framing.lengthField().includesLength());
			this.framing = framing;
		}

	}

	/** Ends each written frame with the line ending or the delimiter. */
	@Sharable
	private static final class Terminator extends MessageToMessageEncoder<ByteBuf> {

		private final byte[] terminator;

		Terminator(byte[] terminator) {
			super(ByteBuf.class);
			this.terminator = terminator;
		}

		@Override
		protected void encode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
			out.add(frame.retain());
			out.add(Unpooled.wrappedBuffer(this.terminator));
		}

	}

	/**
	 * Right after the decoder: a frame over the limit closes its connection as {@code limit}, a
	 * malformed one as {@code rejected}; each is counted, and the application's handlers never see
	 * the exception (not a handler error).
	 */
	private static final class FrameLimit extends ChannelInboundHandlerAdapter {

		private final ConnectionEvents events;

		FrameLimit(ConnectionEvents events) {
			this.events = events;
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			boolean tooLong = cause instanceof TooLongFrameException;
			if (!tooLong && !(cause instanceof CorruptedFrameException)) {
				ctx.fireExceptionCaught(cause);
				return;
			}
			if (ctx.channel().isOpen()) {
				this.events.frameRejected(tooLong ? FrameRejection.TOO_LONG : FrameRejection.MALFORMED);
				ctx.close();
			}
		}

	}

	/** Drops a datagram the listener's events refuse ({@link ListenerEvents#admitsDatagram}). */
	@Sharable
	private static final class DatagramLimit extends ChannelInboundHandlerAdapter {

		private final ListenerEvents events;

		private final ListenSocket socket;

		private final Framing framing;

		DatagramLimit(ListenerEvents events, ListenSocket socket, Framing framing) {
			this.events = events;
			this.socket = socket;
			this.framing = framing;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof DatagramPacket packet
					&& !this.events.admitsDatagram(this.socket, this.framing, packet.content().readableBytes())) {
				ReferenceCountUtil.release(msg);
				return;
			}
			ctx.fireChannelRead(msg);
		}

	}

}
