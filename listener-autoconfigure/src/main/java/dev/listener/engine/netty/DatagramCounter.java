package dev.listener.engine.netty;

import dev.listener.engine.ListenerEvents;
import dev.listener.socket.ListenSocket;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;

/**
 * First in a dgram socket's pipeline: counts datagrams and their bytes both ways into the listen
 * socket's {@link ListenerEvents}, holding no state of its own.
 */
@Sharable
final class DatagramCounter extends ChannelDuplexHandler {

	private final ListenerEvents events;

	private final ListenSocket socket;

	DatagramCounter(ListenerEvents events, ListenSocket socket) {
		this.events = events;
		this.socket = socket;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof DatagramPacket packet) {
			this.events.datagramReceived(this.socket, packet.content().readableBytes());
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		int bytes = ConnectionCounter.readable(msg);
		if (msg instanceof DatagramPacket || bytes > 0) {
			this.events.datagramSent(this.socket, bytes);
		}
		ctx.write(msg, promise);
	}

}
