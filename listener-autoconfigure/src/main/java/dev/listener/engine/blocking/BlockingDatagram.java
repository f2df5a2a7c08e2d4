package dev.listener.engine.blocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import dev.listener.engine.ListenerEvents;
import dev.listener.handler.Datagram;
import dev.listener.handler.DatagramHandler;
import dev.listener.socket.ListenSocket;

/**
 * A received datagram and the way to answer it. The receive loop reuses one instance and one buffer
 * for every datagram, so nothing is allocated per datagram: copy what must outlive
 * {@link DatagramHandler#handle(Datagram)}.
 */
final class BlockingDatagram implements Datagram {

	private final ListenSocket listenSocket;

	private final DatagramChannel channel;

	private final ListenerEvents events;

	private ByteBuffer payload = ByteBuffer.allocate(0);

	private InetSocketAddress sender = new InetSocketAddress(0);

	BlockingDatagram(ListenerEvents events, ListenSocket listenSocket) {
		this.listenSocket = listenSocket;
		this.channel = listenSocket.datagramChannel();
		this.events = events;
	}

	void received(InetSocketAddress sender, ByteBuffer payload) {
		this.sender = sender;
		this.payload = payload;
	}

	@Override
	public ByteBuffer payload() {
		return this.payload;
	}

	@Override
	public InetSocketAddress sender() {
		return this.sender;
	}

	@Override
	public InetSocketAddress localAddress() {
		return (InetSocketAddress) this.listenSocket.localAddress();
	}

	@Override
	public String listenerName() {
		return this.listenSocket.listenerName();
	}

	@Override
	public void reply(ByteBuffer reply) throws IOException {
		int sent = this.channel.send(reply, this.sender);
		this.events.datagramSent(this.listenSocket, sent);
	}

	@Override
	public String toString() {
		return this.payload.remaining() + " bytes from " + this.sender;
	}

}
