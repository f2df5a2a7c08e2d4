package dev.listener.engine.netty;

import dev.listener.socket.SocketCounters;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;

/**
 * First in a dgram socket's pipeline: counts datagrams and their bytes both ways into the listen
 * socket's {@link SocketCounters}, holding no state of its own.
 */
@Sharable
final class DatagramCounter extends ChannelDuplexHandler {

	private final SocketCounters counters;

	DatagramCounter(SocketCounters counters) {
		this.counters = counters;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof DatagramPacket packet) {
			this.counters.datagramReceived();
			this.counters.bytesReceived(packet.content().readableBytes());
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		int bytes = ConnectionCounter.readable(msg);
		if (msg instanceof DatagramPacket || bytes > 0) {
			this.counters.datagramSent();
			this.counters.bytesSent(bytes);
		}
		ctx.write(msg, promise);
	}

}
