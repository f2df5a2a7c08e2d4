package dev.listener.engine.blocking;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.listener.engine.netty.NettyConnectionInitializer;
import dev.listener.engine.netty.NettyDatagramInitializer;
import dev.listener.socket.ListenSocket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramPacket;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The serving tests' handlers as Netty handlers, for the Netty engine. */
public final class NettyTestHandlers implements TestHandlers {

	public static final NettyConnectionInitializer ECHO = (channel) -> channel.pipeline().addLast(Echo.INSTANCE);

	public static final NettyDatagramInitializer DATAGRAM_ECHO = (channel) -> channel.pipeline()
		.addLast(DatagramEcho.INSTANCE);

	/** @return the runner on the Netty engine with its NIO transport and two event loops */
	public static ApplicationContextRunner onNetty(ApplicationContextRunner runner) {
		return runner.withPropertyValues("listener.engine=netty", "listener.netty.threads=2",
				"listener.netty.transport=nio");
	}

	@Override
	public String connectionType() {
		return "NettyConnectionInitializer";
	}

	@Override
	public ApplicationContextRunner echo(ApplicationContextRunner runner, String beanName) {
		return runner.withBean(beanName, NettyConnectionInitializer.class, () -> ECHO);
	}

	@Override
	public ApplicationContextRunner datagramEcho(ApplicationContextRunner runner) {
		return runner.withBean(NettyDatagramInitializer.class, () -> DATAGRAM_ECHO);
	}

	@Override
	public ApplicationContextRunner failingOnX(ApplicationContextRunner runner) {
		return runner.withBean(NettyConnectionInitializer.class,
				() -> (channel) -> channel.pipeline().addLast(new FailingOnX()));
	}

	@Override
	public ApplicationContextRunner recordingOptions(ApplicationContextRunner runner, List<Boolean> options) {
		return runner.withBean(NettyConnectionInitializer.class, () -> (channel) -> {
			options.add(channel.config().getOption(ChannelOption.TCP_NODELAY));
			options.add(channel.config().getOption(ChannelOption.SO_KEEPALIVE));
			channel.pipeline().addLast(CloseOnActive.INSTANCE);
		});
	}

	@Override
	public ApplicationContextRunner recording(ApplicationContextRunner runner, String beanName,
			AtomicReference<String> seen, AtomicReference<Thread> thread) {
		return runner.withBean(beanName, NettyConnectionInitializer.class, () -> (channel) -> {
			channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {

				@Override
				public void channelActive(ChannelHandlerContext ctx) {
					ListenSocket socket = ctx.channel().attr(NettyConnectionInitializer.LISTEN_SOCKET).get();
					thread.set(Thread.currentThread());
					seen.set(socket.listenerName() + " " + ((InetSocketAddress) ctx.channel().localAddress()).getPort()
							+ " " + ((InetSocketAddress) ctx.channel().remoteAddress()).getPort());
					ctx.close();
				}

			});
		});
	}

	/** Netty's echo: writes back what it reads, flushing at the end of each read. */
	@Sharable
	public static final class Echo extends ChannelInboundHandlerAdapter {

		public static final Echo INSTANCE = new Echo();

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ctx.write(msg);
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

	}

	/** Sends each datagram back to its sender. */
	@Sharable
	public static final class DatagramEcho extends ChannelInboundHandlerAdapter {

		public static final DatagramEcho INSTANCE = new DatagramEcho();

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			DatagramPacket packet = (DatagramPacket) msg;
			ctx.writeAndFlush(new DatagramPacket(packet.content(), packet.sender()));
		}

	}

	@Sharable
	public static final class CloseOnActive extends ChannelInboundHandlerAdapter {

		public static final CloseOnActive INSTANCE = new CloseOnActive();

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			ctx.close();
		}

	}

	/** Throws when the first byte is x; otherwise drops it and echoes the rest. */
	public static final class FailingOnX extends ChannelInboundHandlerAdapter {

		private boolean first = true;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ByteBuf buffer = (ByteBuf) msg;
			if (this.first) {
				this.first = false;
				if (buffer.readByte() == 'x') {
					buffer.release();
					throw new IllegalStateException("refusing x");
				}
			}
			if (buffer.isReadable()) {
				ctx.write(buffer);
			}
			else {
				buffer.release();
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

	}

}
