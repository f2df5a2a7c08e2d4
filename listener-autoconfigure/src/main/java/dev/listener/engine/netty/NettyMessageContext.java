package dev.listener.engine.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import javax.net.ssl.SSLSession;

import dev.listener.engine.AbstractMessageContext;
import dev.listener.pipeline.Framing;
import dev.listener.socket.ListenSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * What a connection (or a dgram socket) of a {@link MessageChannelHandler} holds of its own, and
 * the context its messages are handled with: the state, the message being handled, and the
 * messages waiting; the listener's part (the handler, its executor) is the shared
 * {@link MessageChannelHandler}'s, reached through the channel handler context. Created with the
 * first message; its queue with the first message that waits. Replies are written with the void
 * promise: none is made per reply, a failed write fires exceptionCaught (counted by the failure
 * handler), and a close waits for the replies with an empty write of its own.
 */
final class NettyMessageContext extends AbstractMessageContext implements Runnable {

	private final ChannelHandlerContext context;

	/** The framing a reply's length must fit, {@code null} without a length field. */
	private final @Nullable Framing lengthField;

	/** The message being handled (a buffer, or a datagram with its sender), and its view. */
	private @Nullable Object current;

	private @Nullable ByteBuffer view;

	/**
	 * The view of the last message read from direct memory, and the address of its first byte:
	 * handed again for a message at the same address with the same length (Netty's pool gives
	 * a connection the same memory read after read), so that a message costs no allocation.
	 */
	private @Nullable ByteBuffer lastView;

	private long lastAddress;

	/**
	 * The messages waiting: for a blocking handler (guarded by this, with whether a task is taking
	 * them), or, on the event loop, those decoded while the channel was not writable.
	 */
	private @Nullable ArrayDeque<Object> queue;

	/** Whether a reply was written since the last flush, on the event loop. */
	private boolean written;

	/**
	 * Whether the message being handled went out as a reply, on the event loop: the write owns
	 * it, and it is not released here.
	 */
	private boolean sent;

	/** Whether the handler closed the connection: later messages are dropped. */
	private volatile boolean closing;

	private boolean running;

	NettyMessageContext(ChannelHandlerContext context) {
		this.context = context;
		this.lengthField = NettyPipeline.lengthField(context.pipeline());
	}

	private MessageChannelHandler owner() {
		return (MessageChannelHandler) this.context.handler();
	}

	/** On the event loop: a message read, handled now, or queued for later or for the executor. */
	void read(Object msg) throws Exception {
		if (this.closing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		ChannelHandlerContext ctx = this.context;
		MessageChannelHandler owner = owner();
		if (owner.blocking() == null) {
			// on the event loop only: the queue needs no lock here
			if (queued() == 0 && ctx.channel().isWritable()) {
				handleMessage(owner, msg);
				return;
			}
			queue().add(msg);
			if (this.written) {
				// what is written moves to the socket, and writability comes back when it has gone
				this.written = false;
				ctx.flush();
			}
			updateReading();
			return;
		}
		int queued;
		synchronized (this) {
			queue().add(msg);
			queued = queued();
		}
		if (queued >= MessageChannelHandler.MAX_QUEUED) {
			updateReading();
		}
		schedule(owner);
	}

	/** Handles one message, on the event loop or the executor; releases it. */
	private void handleMessage(MessageChannelHandler owner, Object msg) throws Exception {
		ByteBuffer view = view(content(msg));
		this.current = msg;
		this.view = view;
		if (msg instanceof DatagramPacket) {
			clearState();
		}
		try {
			handle(owner.handler(), view);
		}
		finally {
			this.current = null;
			this.view = null;
			if (this.sent) {
				this.sent = false;
			}
			else {
				ReferenceCountUtil.release(msg);
			}
			if (this.closing && owner.blocking() == null) {
				// the handler closed it: once it has returned, as its message may go out with the replies
				closeAfterWrites();
			}
		}
	}

	private static ByteBuf content(Object msg) {
		return (msg instanceof DatagramPacket packet) ? packet.content() : (ByteBuf) msg;
	}

	/**
	 * A view of a message: the last one again when the message is the same memory (reset, as the
	 * handler may have moved it or changed its byte order; the last message is no longer valid),
	 * else a new one, or a copy of a message in several buffers.
	 */
	private ByteBuffer view(ByteBuf content) {
		if (content.nioBufferCount() != 1) {
			return copy(content);
		}
		if (!ReusableViews.ENABLED || !content.hasMemoryAddress()) {
			return content.nioBuffer();
		}
		long address = content.memoryAddress() + content.readerIndex();
		ByteBuffer last = this.lastView;
		if (last != null && address == this.lastAddress && last.capacity() == content.readableBytes()) {
			last.clear().order(ByteOrder.BIG_ENDIAN);
			return last;
		}
		ByteBuffer view = content.nioBuffer();
		this.lastView = view;
		this.lastAddress = address;
		return view;
	}

	private static ByteBuffer copy(ByteBuf content) {
		ByteBuffer copy = ByteBuffer.allocate(content.readableBytes());
		content.getBytes(content.readerIndex(), copy);
		return copy.flip();
	}

	/** On the event loop: the messages queued while the channel was not writable, while it is. */
	private void drainOnLoop() {
		ChannelHandlerContext ctx = this.context;
		MessageChannelHandler owner = owner();
		while (!this.closing && ctx.channel().isWritable()) {
			Object msg = poll();
			if (msg == null) {
				break;
			}
			try {
				handleMessage(owner, msg);
			}
			catch (Throwable ex) {
				// counted and logged once by the failure handler, which closes a connection
				this.closing = !owner.isDatagram();
				ctx.fireExceptionCaught(ex);
			}
		}
		if (this.written) {
			this.written = false;
			ctx.flush();
		}
		updateReading();
	}

	/** A blocking handler: starts the task that takes the queued messages, unless it runs. */
	private void schedule(MessageChannelHandler owner) {
		Supplier<Executor> blocking = owner.blocking();
		synchronized (this) {
			if (this.running || queued() == 0 || blocking == null) {
				return;
			}
			this.running = true;
		}
		try {
			blocking.get().execute(this);
		}
		catch (RejectedExecutionException ex) {
			// the listener is closing
			synchronized (this) {
				this.running = false;
			}
			releaseQueued();
			this.context.close();
		}
	}

	/**
	 * A blocking handler's task: the queued messages in order, one at a time, while the channel is
	 * writable; it stops when none is left or the replies wait to be written, and
	 * {@link #writabilityChanged} starts it again.
	 */
	@Override
	public void run() {
		ChannelHandlerContext ctx = this.context;
		MessageChannelHandler owner = owner();
		boolean datagram = owner.isDatagram();
		while (true) {
			Object msg;
			boolean resume;
			synchronized (this) {
				msg = (!this.closing && ctx.channel().isWritable()) ? poll() : null;
				if (msg == null) {
					this.running = false;
					return;
				}
				resume = queued() == MessageChannelHandler.MAX_QUEUED - 1;
			}
			if (resume) {
				ctx.executor().execute(this::updateReading);
			}
			try {
				handleMessage(owner, msg);
			}
			catch (Throwable ex) {
				// counted and logged once by the failure handler, which closes a connection
				if (!datagram) {
					this.closing = true;
				}
				ctx.flush();
				ctx.fireExceptionCaught(ex);
				continue;
			}
			ctx.flush();
			if (this.closing && !datagram) {
				closeAfterWrites();
			}
		}
	}

	/** On the event loop, at the end of a read: flushes the replies. */
	void readComplete() {
		if (this.written) {
			this.written = false;
			this.context.flush();
		}
	}

	/** On the event loop: the replies are written, or wait to be. */
	void writabilityChanged() {
		if (!this.context.channel().isWritable()) {
			updateReading();
			return;
		}
		MessageChannelHandler owner = owner();
		if (owner.blocking() == null) {
			drainOnLoop();
		}
		else {
			updateReading();
			schedule(owner);
		}
	}

	/** On the event loop: the connection has closed. */
	void inactive() {
		this.closing = true;
		releaseQueued();
	}

	private void updateReading() {
		int queued;
		synchronized (this) {
			queued = queued();
		}
		MessageChannelHandler.updateReading(this.context.channel(), queued, this.closing);
	}

	/** Releases the messages not handled yet (a running task releases the one it took). */
	void releaseQueued() {
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

	@Override
	public String listenerName() {
		ListenSocket socket = this.context.channel().attr(NettyConnectionInitializer.LISTEN_SOCKET).get();
		return (socket != null) ? socket.listenerName() : "";
	}

	@Override
	public SocketAddress remoteAddress() {
		if (this.current instanceof DatagramPacket packet) {
			return packet.sender();
		}
		return jdk(NettyConnectionInitializer.remoteAddress(this.context.channel()));
	}

	@Override
	public SocketAddress peerAddress() {
		if (this.current instanceof DatagramPacket packet) {
			return packet.sender();
		}
		return jdk(this.context.channel().remoteAddress());
	}

	@Override
	public SocketAddress localAddress() {
		return jdk(this.context.channel().localAddress());
	}

	/** Epoll's unix addresses as the JDK's, which every engine hands a handler and the hooks. */
	private static SocketAddress jdk(SocketAddress address) {
		if (address instanceof InetSocketAddress || address instanceof UnixDomainSocketAddress || address == null) {
			return address;
		}
		return EpollTransport.jdkAddress(address); // only epoll makes another kind
	}

	@Override
	public @Nullable SSLSession tlsSession() {
		ChannelHandler tls = this.context.pipeline().get(NettyHandlerNames.TLS);
		return (tls != null) ? NettyTls.session(tls) : null;
	}

	@Override
	public boolean isDatagram() {
		return owner().isDatagram();
	}

	@Override
	protected void write(ByteBuffer reply) {
		Framing lengthField = this.lengthField;
		if (lengthField != null) {
			lengthField.checkReply(reply.remaining());
		}
		ChannelHandlerContext ctx = this.context;
		Object current = this.current;
		ByteBuf out;
		if (reply == this.view && current != null) {
			// the message itself, or what is left of it: the same memory, written back
			ByteBuf content = content(current);
			if (reply.position() == 0 && reply.remaining() == content.readableBytes()) {
				// on the event loop, the write takes the message over: it is flushed, and released, after
				// the handler has returned (a blocking handler's writes may be flushed while it reads on)
				if (this.sent || owner().blocking() != null) {
					out = content.retain();
				}
				else {
					out = content;
					this.sent = true;
				}
			}
			else {
				out = content.retainedSlice(content.readerIndex() + reply.position(), reply.remaining());
			}
			reply.position(reply.limit());
		}
		else {
			out = ctx.alloc().ioBuffer(reply.remaining());
			out.writeBytes(reply);
		}
		if (current instanceof DatagramPacket packet) {
			ctx.write(new DatagramPacket(out, packet.sender()));
		}
		else {
			// nothing waits on a reply's write: a failure fires exceptionCaught, which the failure
			// handler counts (the peer gone as a reset); a close waits with a write of its own
			ctx.write(out, ctx.voidPromise());
		}
		this.written = true;
	}

	@Override
	public void close() {
		if (this.closing || owner().isDatagram()) {
			return;
		}
		this.closing = true;
		if (owner().blocking() == null && this.current == null) {
			// outside the handler; from it, closed once it has returned (its message may be a reply)
			closeAfterWrites();
		}
		// a blocking handler's task closes it once this message's replies are flushed
	}

	/**
	 * Flushes the replies and closes once they are written: an empty write, which completes after
	 * every write before it, through TLS but under the frame encoder (which would frame it).
	 */
	private void closeAfterWrites() {
		this.written = false;
		ChannelHandlerContext ctx = this.context;
		ChannelHandlerContext encoder = ctx.pipeline().context(NettyHandlerNames.FRAME_ENCODER);
		ctx.flush();
		((encoder != null) ? encoder : ctx).writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
	}

	@Override
	public String toString() {
		return this.context.channel().toString();
	}

}
