package dev.listener.test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;

/** A datagram socket connected to the listener: each write one datagram, each read one reply. */
final class DatagramTransport implements Transport {

	private final DatagramSocket socket;

	private DatagramTransport(DatagramSocket socket) {
		this.socket = socket;
	}

	static DatagramTransport connect(InetSocketAddress address) throws IOException {
		DatagramSocket socket = new DatagramSocket();
		try {
			socket.connect(address);
			return new DatagramTransport(socket);
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	@Override
	public void write(byte[] bytes) throws IOException {
		this.socket.send(new DatagramPacket(bytes, bytes.length));
	}

	@Override
	public int read(byte[] buffer, Duration timeout) throws IOException {
		this.socket.setSoTimeout(Transport.millis(timeout));
		DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
		this.socket.receive(packet);
		return packet.getLength();
	}

	@Override
	public boolean isDatagram() {
		return true;
	}

	@Override
	public void close() {
		this.socket.close();
	}

}
