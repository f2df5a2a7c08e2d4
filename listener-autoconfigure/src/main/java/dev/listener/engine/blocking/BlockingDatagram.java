package dev.listener.engine.blocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import dev.listener.engine.ListenerEvents;
import dev.listener.handler.Datagram;
import dev.listener.handler.DatagramHandler;
import dev.listener.socket.ListenSocket;
import org.jspecify.annotations.Nullable;

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

	/** A message handler's context for this loop's datagrams, made with the first one. */
	private MessageConnections.@Nullable DatagramContext messageContext;

	BlockingDatagram(ListenerEvents events, ListenSocket listenSocket) {
		this.listenSocket = listenSocket;
		this.channel = listenSocket.datagramChannel();
		this.events = events;
	}

	/** @return the message context of this receive loop's datagrams, reused as this datagram is */
	MessageConnections.DatagramContext messageContext() {
		MessageConnections.DatagramContext context = this.messageContext;
		if (context == null) {
			context = new MessageConnections.DatagramContext(this);
			this.messageContext = context;
		}
		return context;
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
