package dev.listener.demo;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/**
 * What the tests that start the demo behind a socket holder (python3, systemd-socket-activate)
 * share: whether a tool runs here, and free loopback ports for the holder to bind.
 */
final class ChildProcesses {

	private ChildProcesses() {
	}

	/**
	 * Whether a command runs here with exit code 0, for assumptions.
	 * @param command the command
	 * @return whether it ran and succeeded within 10 s
	 */
	static boolean works(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** @return a TCP port free on loopback a moment ago */
	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** @return a UDP port free on loopback a moment ago */
	static int freeUdpPort() throws IOException {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
