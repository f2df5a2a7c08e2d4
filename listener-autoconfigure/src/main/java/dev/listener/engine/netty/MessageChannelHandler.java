package dev.listener.engine.netty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import javax.net.ssl.SSLSession;

import dev.listener.engine.MessageState;
import dev.listener.handler.MessageContext;
import dev.listener.handler.MessageHandler;
import dev.listener.socket.ListenSocket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MessageHandler} in a Netty pipeline, last of the starter's handlers (after the frame
 * decoder, whose encoder writes each reply as a frame): one instance per connection, or per dgram
 * socket, holding the connection's state.
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
final class MessageChannelHandler extends ChannelInboundHandlerAdapter implements MessageContext {

	/** Messages waiting for a blocking handler before the connection stops reading. */
	static final int MAX_QUEUED = 16;

	private final MessageHandler handler;

	/** The executor of a blocking handler, {@code null} to run on the event loop. */
	private final @Nullable Supplier<Executor> blocking;

	private final boolean datagram;

	private @Nullable ChannelHandlerContext context;

	private final MessageState state = new MessageState();

	/** The message being handled, and the view of it handed to the handler. */
	private @Nullable ByteBuf current;

	private @Nullable ByteBuffer view;

	private @Nullable InetSocketAddress sender;

	/** Whether a reply was written since the last flush, on the event loop. */
	private boolean written;

	/** The last reply's write, which completes after every reply before it. */
	private @Nullable ChannelFuture lastWrite;

	/** Whether the handler closed the connection: later messages are dropped. */
	private volatile boolean closing;

	/**
	 * The messages waiting: for a blocking handler (guarded by this, with whether a task is taking
	 * them), or, on the event loop, those decoded while the channel was not writable. Created with
	 * the first one: an idle connection holds none.
	 */
	private @Nullable ArrayDeque<Object> queue;

	private boolean running;

	MessageChannelHandler(MessageHandler handler, @Nullable Supplier<Executor> blocking, boolean datagram) {
		this.handler = handler;
		this.blocking = blocking;
		this.datagram = datagram;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (!(msg instanceof ByteBuf) && !(msg instanceof DatagramPacket)) {
			ctx.fireChannelRead(msg);
			return;
		}
		if (this.closing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (this.blocking == null) {
			// on the event loop only: the queue needs no lock here
			if (queued() == 0 && ctx.channel().isWritable()) {
				handle(msg);
				return;
			}
			queue().add(msg);
			if (this.written) {
				// what is written moves to the socket, and writability comes back when it has gone
				this.written = false;
				ctx.flush();
			}
			updateReading(ctx);
			return;
		}
		int queued;
		synchronized (this) {
			queue().add(msg);
			queued = queued();
		}
		if (queued >= MAX_QUEUED) {
			updateReading(ctx);
		}
		schedule(ctx);
	}

	/** Handles one message, on the event loop or the executor; releases it. */
	private void handle(Object msg) throws Exception {
		ByteBuf content = (msg instanceof DatagramPacket packet) ? packet.content() : (ByteBuf) msg;
		ByteBuffer view = (content.nioBufferCount() == 1) ? content.nioBuffer() : copy(content);
		this.current = content;
		this.view = view;
		if (msg instanceof DatagramPacket packet) {
			this.sender = packet.sender();
			this.state.clear();
		}
		this.state.handling(true);
		try {
			this.handler.handle(view, this);
		}
		finally {
			this.state.handling(false);
			this.current = null;
			this.view = null;
			ReferenceCountUtil.release(msg);
		}
	}

	private static ByteBuffer copy(ByteBuf content) {
		ByteBuffer copy = ByteBuffer.allocate(content.readableBytes());
		content.getBytes(content.readerIndex(), copy);
		return copy.flip();
	}

	/** On the event loop: the messages queued while the channel was not writable, while it is. */
	private void drainOnLoop(ChannelHandlerContext ctx) {
		while (!this.closing && ctx.channel().isWritable()) {
			Object msg = poll();
			if (msg == null) {
				break;
			}
			try {
				handle(msg);
			}
			catch (Throwable ex) {
				// counted and logged once by the failure handler, which closes a connection
				this.closing = !this.datagram;
				ctx.fireExceptionCaught(ex);
			}
		}
		if (this.written) {
			this.written = false;
			ctx.flush();
		}
		updateReading(ctx);
	}

	/** A blocking handler: starts the task that takes the queued messages, unless it runs. */
	private void schedule(ChannelHandlerContext ctx) {
		Supplier<Executor> blocking = this.blocking;
		synchronized (this) {
			if (this.running || queued() == 0 || blocking == null) {
				return;
			}
			this.running = true;
		}
		try {
			blocking.get().execute(() -> drain(ctx));
		}
		catch (RejectedExecutionException ex) {
			// the listener is closing
			synchronized (this) {
				this.running = false;
			}
			releaseQueued();
			ctx.close();
		}
	}

	/**
	 * A blocking handler's task: the queued messages in order, one at a time, while the channel is
	 * writable; it stops when none is left or the replies wait to be written, and
	 * {@link #channelWritabilityChanged} starts it again.
	 */
	private void drain(ChannelHandlerContext ctx) {
		while (true) {
			Object msg;
			boolean resume;
			synchronized (this) {
				msg = (!this.closing && ctx.channel().isWritable()) ? poll() : null;
				if (msg == null) {
					this.running = false;
					return;
				}
				resume = queued() == MAX_QUEUED - 1;
			}
			if (resume) {
				ctx.executor().execute(() -> updateReading(ctx));
			}
			try {
				handle(msg);
			}
			catch (Throwable ex) {
				// counted and logged once by the failure handler, which closes a connection
				if (!this.datagram) {
					this.closing = true;
				}
				ctx.flush();
				ctx.fireExceptionCaught(ex);
				continue;
			}
			ctx.flush();
			if (this.closing && !this.datagram) {
				closeAfterWrites(ctx);
			}
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		if (this.written) {
			this.written = false;
			ctx.flush();
		}
		ChannelFuture lastWrite = this.lastWrite;
		if (lastWrite != null && lastWrite.isDone()) {
			// nothing left to wait for before a close: an idle connection holds no promise
			this.lastWrite = null;
		}
		ctx.fireChannelReadComplete();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (ctx.channel().isWritable()) {
			if (this.blocking == null) {
				drainOnLoop(ctx);
			}
			else {
				updateReading(ctx);
				schedule(ctx);
			}
		}
		else {
			updateReading(ctx);
		}
		ctx.fireChannelWritabilityChanged();
	}

	/** On the event loop: reads while the replies are written and few messages wait. */
	private void updateReading(ChannelHandlerContext ctx) {
		Channel channel = ctx.channel();
		int queued;
		synchronized (this) {
			queued = queued();
		}
		boolean read = channel.isWritable() && queued < MAX_QUEUED && !this.closing;
		if (channel.config().isAutoRead() != read) {
			channel.config().setAutoRead(read);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.closing = true;
		releaseQueued();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		releaseQueued();
	}

	/** Releases the messages not handled yet (a running task releases the one it took). */
	private void releaseQueued() {
		synchronized (this) {
			for (Object msg = poll(); msg != null; msg = poll()) {
				ReferenceCountUtil.release(msg);
			}
		}
	}

	private ArrayDeque<Object> queue() {
		ArrayDeque<Object> queue = this.queue;
		if (queue == null) {
			queue = new ArrayDeque<>(4);
			this.queue = queue;
		}
		return queue;
	}

	private @Nullable Object poll() {
		ArrayDeque<Object> queue = this.queue;
		return (queue != null) ? queue.poll() : null;
	}

	private int queued() {
		ArrayDeque<Object> queue = this.queue;
		return (queue != null) ? queue.size() : 0;
	}

	private ChannelHandlerContext context() {
		ChannelHandlerContext ctx = this.context;
		if (ctx == null) {
			throw new IllegalStateException("Not in a pipeline");
		}
		return ctx;
	}

	@Override
	public String listenerName() {
		ListenSocket socket = context().channel().attr(NettyConnectionInitializer.LISTEN_SOCKET).get();
		return (socket != null) ? socket.listenerName() : "";
	}

	@Override
	public SocketAddress remoteAddress() {
		InetSocketAddress sender = this.sender;
		if (this.datagram && sender != null) {
			return sender;
		}
		return NettyConnectionInitializer.remoteAddress(context().channel());
	}

	@Override
	public SocketAddress peerAddress() {
		InetSocketAddress sender = this.sender;
		if (this.datagram && sender != null) {
			return sender;
		}
		return context().channel().remoteAddress();
	}

	@Override
	public SocketAddress localAddress() {
		return context().channel().localAddress();
	}

	@Override
	public @Nullable SSLSession tlsSession() {
		ChannelHandler tls = context().pipeline().get(NettyHandlerNames.TLS);
		return (tls != null) ? NettyTls.session(tls) : null;
	}

	@Override
	public boolean isDatagram() {
		return this.datagram;
	}

	@Override
	public <T> T state(Supplier<? extends T> initial) {
		return this.state.get(initial);
	}

	@Override
	public void reply(ByteBuffer reply) throws IOException {
		this.state.checkReplying();
		ChannelHandlerContext ctx = context();
		ByteBuf current = this.current;
		ByteBuf out;
		if (reply == this.view && current != null) {
			// the message itself, or what is left of it: the same memory, written back
			out = (reply.position() == 0 && reply.remaining() == current.readableBytes()) ? current.retain()
					: current.retainedSlice(current.readerIndex() + reply.position(), reply.remaining());
			reply.position(reply.limit());
		}
		else {
			out = ctx.alloc().ioBuffer(reply.remaining());
			out.writeBytes(reply);
		}
		InetSocketAddress sender = this.sender;
		if (this.datagram && sender != null) {
			ctx.write(new DatagramPacket(out, sender));
		}
		else {
			this.lastWrite = ctx.write(out);
		}
		this.written = true;
	}

	@Override
	public void close() {
		if (this.datagram || this.closing) {
			return;
		}
		this.closing = true;
		ChannelHandlerContext ctx = context();
		if (this.blocking == null) {
			closeAfterWrites(ctx);
		}
		// a blocking handler's task closes it once this message's replies are flushed
	}

	/** Flushes the replies and closes once the last is written (an empty write would be framed). */
	private void closeAfterWrites(ChannelHandlerContext ctx) {
		this.written = false;
		ctx.flush();
		ChannelFuture lastWrite = this.lastWrite;
		if (lastWrite != null) {
			lastWrite.addListener(ChannelFutureListener.CLOSE);
		}
		else {
			ctx.close();
		}
	}

	@Override
	public String toString() {
		ChannelHandlerContext ctx = this.context;
		return (ctx != null) ? ctx.channel().toString() : "message handler";
	}

}
