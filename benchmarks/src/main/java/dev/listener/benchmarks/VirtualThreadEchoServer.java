package dev.listener.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The bare virtual-thread echo: a blocking accept loop and one virtual thread per connection
 * with an 8 KiB buffer, bound to 127.0.0.1. Over UDP, one virtual thread receives and replies.
 * <p>
 * Usage: {@code VirtualThreadEchoServer <port> [tcp|udp]}. Needs Java 21+.
 */
public final class VirtualThreadEchoServer {

	private VirtualThreadEchoServer() {
	}

	public static void main(String[] args) throws Exception {
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
		if (args.length > 1 && args[1].equals("udp")) {
			Thread.ofVirtual().name("udp-echo").start(() -> datagrams(address)).join();
			return;
		}
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(address, 4096);
			Thread.ofVirtual().name("accept").start(() -> accept(server)).join();
		}
	}

	private static void accept(ServerSocketChannel server) {
		while (true) {
			try {
				SocketChannel connection = server.accept();
				connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
				Thread.ofVirtual().start(() -> echo(connection));
			}
			catch (IOException ex) {
				ex.printStackTrace();
				return;
			}
		}
	}

	private static void echo(SocketChannel connection) {
		try (connection) {
			ByteBuffer buffer = ByteBuffer.allocate(8192);
			while (connection.read(buffer) >= 0) {
				buffer.flip();
				while (buffer.hasRemaining()) {
					connection.write(buffer);
				}
				buffer.clear();
			}
		}
		catch (IOException ex) {
			// the client reset the connection: nothing to echo any more
		}
	}

	private static void datagrams(InetSocketAddress address) {
		try (DatagramChannel channel = DatagramChannel.open()) {
			channel.bind(address);
			ByteBuffer buffer = ByteBuffer.allocate(65536);
			while (true) {
				buffer.clear();
				SocketAddress sender = channel.receive(buffer);
				buffer.flip();
				channel.send(buffer, sender);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
