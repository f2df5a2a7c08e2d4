package dev.listener.engine.netty;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.listener.handler.MessageHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MessageHandler} in a Netty pipeline, last of the starter's handlers (after the frame
 * decoder, whose encoder writes each reply as a frame): one instance per listener, shared by its
 * connections (or its dgram sockets). What a connection holds of its own, a
 * {@link NettyMessageContext}, is created with its first message and kept in a channel
 * attribute: a connection that has sent nothing holds nothing of it.
 * <p>
 * A non-blocking handler runs on the event loop: each message is handed over as a view of Netty's
 * buffer, replies are written as they come and flushed once per read, and replying with the
 * message itself writes the same buffer back, with no copy. A blocking one runs on the executor,
 * one message at a time per connection, in order: messages wait in a queue, and the connection
 * stops reading while {@value #MAX_QUEUED} wait.
 * <p>
 * Backpressure on both: while the channel is not writable (its outbound buffer is past Netty's
 * high water mark: a client that does not read), autoRead is off, so nothing more is read from it,
 * and the messages already decoded from what was read wait, unhandled, until the replies are
 * written: memory per such connection stays at the socket buffers, what one read brought, and the
 * replies to one message.
 */
@Sharable
final class MessageChannelHandler extends ChannelInboundHandlerAdapter {

	/** Messages waiting for a blocking handler before the connection stops reading. */
	static final int MAX_QUEUED = 16;

	/** A connection's own part, from its first message on. */
	static final AttributeKey<NettyMessageContext> CONTEXT = AttributeKey
		.valueOf(MessageChannelHandler.class, "messageContext");

	private final MessageHandler handler;

	/** The executor of a blocking handler, {@code null} to run on the event loop. */
	private final @Nullable Supplier<Executor> blocking;

	private final boolean datagram;

	MessageChannelHandler(MessageHandler handler, @Nullable Supplier<Executor> blocking, boolean datagram) {
		this.handler = handler;
		this.blocking = blocking;
		this.datagram = datagram;
	}

	MessageHandler handler() {
		return this.handler;
	}

	@Nullable Supplier<Executor> blocking() {
		return this.blocking;
	}

	boolean isDatagram() {
		return this.datagram;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (!(msg instanceof ByteBuf) && !(msg instanceof DatagramPacket)) {
			ctx.fireChannelRead(msg);
			return;
		}
		Attribute<NettyMessageContext> attribute = ctx.channel().attr(CONTEXT);
		NettyMessageContext context = attribute.get();
		if (context == null) {
			context = new NettyMessageContext(ctx);
			attribute.set(context);
		}
		context.read(msg);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		NettyMessageContext context = context(ctx);
		if (context != null) {
			context.readComplete();
		}
		ctx.fireChannelReadComplete();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		NettyMessageContext context = context(ctx);
		if (context != null) {
			context.writabilityChanged();
		}
		else {
			updateReading(ctx.channel(), 0, false);
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		NettyMessageContext context = context(ctx);
		if (context != null) {
			context.inactive();
		}
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		NettyMessageContext context = context(ctx);
		if (context != null) {
			context.releaseQueued();
		}
	}

	/** @return the connection's own part, {@code null} before its first message */
	private static @Nullable NettyMessageContext context(ChannelHandlerContext ctx) {
		Channel channel = ctx.channel();
		// without creating the attribute of a connection that has sent nothing
		return channel.hasAttr(CONTEXT) ? channel.attr(CONTEXT).get() : null;
	}

	/**
	 * On the event loop: reads while the replies are written, few messages wait and the handler
	 * has not closed the connection.
	 * @param channel the connection
	 * @param queued how many messages wait
	 * @param closing whether the handler closed it
	 */
	static void updateReading(Channel channel, int queued, boolean closing) {
		boolean read = channel.isWritable() && queued < MAX_QUEUED && !closing;
		if (channel.config().isAutoRead() != read) {
			channel.config().setAutoRead(read);
		}
	}

}
