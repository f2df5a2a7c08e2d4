package dev.listener.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import dev.listener.socket.ListenSocket;
import dev.listener.socket.SocketCounters;

/**
 * A received datagram and the way to answer it. The receive loop reuses one instance and one buffer
 * for every datagram, so nothing is allocated per datagram: copy what must outlive
 * {@link DatagramHandler#handle(Datagram)}.
 */
public final class Datagram {

	private final ListenSocket listenSocket;

	private final DatagramChannel channel;

	private final SocketCounters counters;

	private ByteBuffer payload = ByteBuffer.allocate(0);

	private InetSocketAddress sender = new InetSocketAddress(0);

	Datagram(ListenSocket listenSocket) {
		this.listenSocket = listenSocket;
		this.channel = listenSocket.datagramChannel();
		this.counters = listenSocket.counters();
	}

	void received(InetSocketAddress sender, ByteBuffer payload) {
		this.sender = sender;
		this.payload = payload;
	}

	/** @return the payload, from its position to its limit */
	public ByteBuffer payload() {
		return this.payload;
	}

	/** @return who sent it */
	public InetSocketAddress sender() {
		return this.sender;
	}

	/** @return the address it was received on (datagram sockets are IP sockets: no unix dgram) */
	public InetSocketAddress localAddress() {
		return (InetSocketAddress) this.listenSocket.localAddress();
	}

	/** @return the listener's name */
	public String listenerName() {
		return this.listenSocket.listenerName();
	}

	/**
	 * Sends a datagram back to the sender, counted.
	 * @param reply the payload, from its position to its limit; {@link #payload()} echoes
	 * @throws IOException when send() fails
	 */
	public void reply(ByteBuffer reply) throws IOException {
		int sent = this.channel.send(reply, this.sender);
		this.counters.datagramSent();
		this.counters.bytesSent(sent);
	}

	@Override
	public String toString() {
		return this.payload.remaining() + " bytes from " + this.sender;
	}

}
