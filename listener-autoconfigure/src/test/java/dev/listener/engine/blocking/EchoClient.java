package dev.listener.engine.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.listener.handler.Connection;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;

/** Blocking loopback clients for the serving tests, each read bounded by a timeout. */
public final class EchoClient implements AutoCloseable {

	public static final int TIMEOUT_MILLIS = 5000;

	/** Echoes until the peer closes, with one buffer per connection. */
	public static final ConnectionHandler ECHO = EchoClient::echo;

	/** Echoes each datagram to its sender. */
	public static final DatagramHandler DATAGRAM_ECHO = (datagram) -> datagram.reply(datagram.payload());

	private final Socket socket;

	public EchoClient(String host, int port) throws IOException {
		this.socket = new Socket();
		this.socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), TIMEOUT_MILLIS);
		this.socket.setSoTimeout(TIMEOUT_MILLIS);
	}

	public static void echo(Connection connection) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		while (connection.read(buffer) >= 0) {
			buffer.flip();
			while (buffer.hasRemaining()) {
				connection.write(buffer);
			}
			buffer.clear();
		}
	}

	public Socket socket() {
		return this.socket;
	}

	public void send(String text) throws IOException {
		this.socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
		this.socket.getOutputStream().flush();
	}

	/** Reads exactly {@code length} bytes, or throws on timeout or end of stream. */
	public String receive(int length) throws IOException {
		byte[] bytes = this.socket.getInputStream().readNBytes(length);
		if (bytes.length < length) {
			throw new IOException("End of stream after " + new String(bytes, StandardCharsets.UTF_8));
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	public String roundTrip(String text) throws IOException {
		send(text);
		return receive(text.getBytes(StandardCharsets.UTF_8).length);
	}

	/** @return the next byte, -1 once the server has closed */
	public int read() throws IOException {
		InputStream in = this.socket.getInputStream();
		return in.read();
	}

	public static String datagramRoundTrip(String host, int port, String text) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0))) {
			socket.setSoTimeout(TIMEOUT_MILLIS);
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(host), port));
			DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
			socket.receive(reply);
			return new String(Arrays.copyOf(reply.getData(), reply.getLength()), StandardCharsets.UTF_8);
		}
	}

	public void closeQuietly() {
		try {
			close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
