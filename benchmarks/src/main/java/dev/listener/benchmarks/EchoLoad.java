package dev.listener.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Round trips of 64 bytes over {@code connections} connections for {@code seconds} seconds (the
 * first second is warm-up), one blocking thread per connection. Prints round trips per second.
 * <p>
 * Usage: {@code EchoLoad <port> <connections> <seconds>}; the host is always 127.0.0.1.
 */
public final class EchoLoad {

	private static final int MESSAGE_SIZE = 64;

	private EchoLoad() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int connections = Math.min(Integer.parseInt(args[1]), 1024);
		int seconds = Math.max(2, Math.min(Integer.parseInt(args[2]), 60));
		LongAdder roundTrips = new LongAdder();
		LongAdder failures = new LongAdder();
		long start = System.nanoTime();
		long warm = start + TimeUnit.SECONDS.toNanos(1);
		long end = start + TimeUnit.SECONDS.toNanos(seconds);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			Thread thread = new Thread(() -> {
				try {
					run(port, warm, end, roundTrips);
				}
				catch (IOException ex) {
					failures.increment();
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		System.out.printf("%d connections: %.0f round trips/s%s%n", connections, roundTrips.sum() / (seconds - 1.0),
				(failures.sum() > 0) ? " (" + failures.sum() + " connections failed)" : "");
	}

	private static void run(int port, long warm, long end, LongAdder roundTrips) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			byte[] message = new byte[MESSAGE_SIZE];
			byte[] reply = new byte[MESSAGE_SIZE];
			long now;
			while ((now = System.nanoTime()) < end) {
				out.write(message);
				for (int read = 0; read < MESSAGE_SIZE;) {
					int n = in.read(reply, read, MESSAGE_SIZE - read);
					if (n < 0) {
						throw new EOFException();
					}
					read += n;
				}
				if (now > warm) {
					roundTrips.increment();
				}
			}
		}
	}

}
