package dev.listener.engine.netty;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.listener.socket.CloseReason;
import dev.listener.socket.SocketCounters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.jspecify.annotations.Nullable;

/**
 * First in each connection's pipeline: counts it, its bytes both ways, its lifetime and how it
 * ended into the listen socket's {@link SocketCounters}, and closes it when no read or write has happened for the
 * idle timeout. One instance per connection holds its timestamps; a read costs a counter add and
 * a field write, and the idle check is one scheduled task per timeout period, not a timer per read.
 */
final class ConnectionCounter extends ChannelDuplexHandler implements Runnable, ChannelFutureListener {

	private final NettyListenerEngine engine;

	private final SocketCounters counters;

	private final long idleTimeoutNanos;

	private long openedNanos;

	private long lastActivityNanos;

	private boolean counted;

	/** How the connection ends, unless something says otherwise before it closes. */
	private CloseReason closeReason = CloseReason.EOF;

	private @Nullable ChannelHandlerContext context;

	private @Nullable ScheduledFuture<?> idleCheck;

	ConnectionCounter(NettyListenerEngine engine, SocketCounters counters, long idleTimeoutNanos) {
		this.engine = engine;
		this.counters = counters;
		this.idleTimeoutNanos = idleTimeoutNanos;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
		this.openedNanos = System.nanoTime();
		this.lastActivityNanos = this.openedNanos;
		this.counted = true;
		this.counters.connectionAccepted();
		if (this.idleTimeoutNanos > 0) {
			this.idleCheck = ctx.executor().schedule(this, this.idleTimeoutNanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		int bytes = readable(msg);
		if (bytes > 0) {
			this.counters.bytesReceived(bytes);
		}
		this.lastActivityNanos = System.nanoTime();
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		int bytes = readable(msg);
		if (bytes > 0) {
			this.counters.bytesSent(bytes);
		}
		this.lastActivityNanos = System.nanoTime();
		if (!promise.isVoid()) {
			// a write to a peer that has gone fails the promise and closes, with no exceptionCaught
			promise.addListener(this);
		}
		ctx.write(msg, promise);
	}

	/** A write failed: the peer going away closes the connection as a reset. */
	@Override
	public void operationComplete(ChannelFuture future) {
		Throwable cause = future.cause();
		if (cause != null && CloseReason.isPeerGone(cause)) {
			closing(CloseReason.RESET);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		ended();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		ended();
	}

	private void ended() {
		if (!this.counted) {
			return;
		}
		this.counted = false;
		ScheduledFuture<?> idleCheck = this.idleCheck;
		if (idleCheck != null) {
			idleCheck.cancel(false);
		}
		this.counters.connectionClosed(this.closeReason, System.nanoTime() - this.openedNanos);
		ChannelHandlerContext context = this.context;
		if (context != null) {
			this.engine.connectionEnded(context.channel());
		}
	}

	/** The idle check: closes the connection, or looks again when it could next be idle. */
	@Override
	public void run() {
		ChannelHandlerContext ctx = this.context;
		if (ctx == null || !this.counted) {
			return;
		}
		long idle = System.nanoTime() - this.lastActivityNanos;
		if (idle >= this.idleTimeoutNanos) {
			closing(CloseReason.IDLE);
			ctx.close();
		}
		else {
			this.idleCheck = ctx.executor().schedule(this, this.idleTimeoutNanos - idle, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Says why the connection is about to close; the first reason given counts.
	 * @param reason why
	 */
	void closing(CloseReason reason) {
		if (this.closeReason == CloseReason.EOF) {
			this.closeReason = reason;
		}
	}

	/**
	 * Closes a connection for a reason, from any handler of its pipeline, on its event loop.
	 * @param ctx the context of the handler closing it
	 * @param reason why; the first reason given counts
	 */
	static void close(ChannelHandlerContext ctx, CloseReason reason) {
		ConnectionCounter counter = ctx.pipeline().get(ConnectionCounter.class);
		if (counter != null) {
			counter.closing(reason);
		}
		ctx.close();
	}

	static int readable(Object msg) {
		if (msg instanceof ByteBuf buffer) {
			return buffer.readableBytes();
		}
		if (msg instanceof ByteBufHolder holder) {
			return holder.content().readableBytes();
		}
		return 0;
	}

}
