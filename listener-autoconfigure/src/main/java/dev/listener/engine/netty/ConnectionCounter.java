package dev.listener.engine.netty;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.listener.engine.CloseReason;
import dev.listener.engine.ConnectionEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.jspecify.annotations.Nullable;

/**
 * First in each connection's pipeline: reports its bytes both ways and its close to its
 * {@link ConnectionEvents}, and closes it when no read or write has happened for the
 * idle timeout. One instance per connection holds its timestamps; a read costs a counter add
 * and, with an idle timeout, a clock read and a field write, and the idle check is one scheduled
 * task per timeout period, not a timer per read.
 */
final class ConnectionCounter extends ChannelDuplexHandler implements Runnable, ChannelFutureListener {

	private final NettyListenerEngine engine;

	private final ConnectionEvents events;

	private final long idleTimeoutNanos;

	private long lastActivityNanos;

	private boolean counted;

	private @Nullable ChannelHandlerContext context;

	private @Nullable ScheduledFuture<?> idleCheck;

	ConnectionCounter(NettyListenerEngine engine, ConnectionEvents events, long idleTimeoutNanos) {
		this.engine = engine;
		this.events = events;
		this.idleTimeoutNanos = idleTimeoutNanos;
	}

	/** @return the connection's events, which every handler of the starter reports to */
	ConnectionEvents events() {
		return this.events;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
		this.lastActivityNanos = System.nanoTime();
		this.counted = true;
		if (this.idleTimeoutNanos > 0) {
			this.idleCheck = ctx.executor().schedule(this, this.idleTimeoutNanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		int bytes = readable(msg);
		if (bytes > 0) {
			this.events.bytesReceived(bytes);
		}
		activity();
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		int bytes = readable(msg);
		if (bytes > 0) {
			this.events.bytesSent(bytes);
		}
		activity();
		if (!promise.isVoid()) {
			// a write to a peer that has gone fails the promise and closes, with no exceptionCaught
			promise.addListener(this);
		}
		ctx.write(msg, promise);
	}

	/** A read or a write: the idle clock starts again (without an idle timeout, no clock is read). */
	private void activity() {
		if (this.idleTimeoutNanos > 0) {
			this.lastActivityNanos = System.nanoTime();
		}
	}

	/** A write failed: the peer going away closes the connection as a reset. */
	@Override
	public void operationComplete(ChannelFuture future) {
		Throwable cause = future.cause();
		if (cause != null) {
			this.events.writeFailed(cause);
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
		this.events.closed(CloseReason.EOF);
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
		this.events.closing(reason);
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

	/**
	 * The events of a connection, from its counting handler.
	 * @param ctx the context of any handler of its pipeline
	 * @return its events, or {@code null} before its counting handler was added
	 */
	static @Nullable ConnectionEvents events(ChannelHandlerContext ctx) {
		ConnectionCounter counter = ctx.pipeline().get(ConnectionCounter.class);
		return (counter != null) ? counter.events : null;
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
