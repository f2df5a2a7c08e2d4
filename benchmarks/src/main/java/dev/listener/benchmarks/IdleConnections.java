package dev.listener.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens {@code connections} connections, makes one 1-byte round trip on each so that the server
 * holds it for real, prints {@code open N}, then holds them idle for {@code seconds} seconds.
 * <p>
 * Usage: {@code IdleConnections <port> <connections> <seconds>}; the host is always 127.0.0.1.
 */
public final class IdleConnections {

	private IdleConnections() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int connections = Math.min(Integer.parseInt(args[1]), 20000);
		long seconds = Math.max(1, Math.min(Long.parseLong(args[2]), 120));
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < connections; i++) {
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
				sockets.add(socket);
				socket.setSoTimeout(5000);
				socket.getOutputStream().write(1);
				if (socket.getInputStream().read() < 0) {
					throw new IOException("closed by the server");
				}
			}
			System.out.println("open " + sockets.size());
			Thread.sleep(seconds * 1000);
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

}
