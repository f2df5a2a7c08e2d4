package dev.listener.socket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the kernel's socket tables, which list AF_INET sockets in {@code /proc/net/tcp} and
 * AF_INET6 ones in {@code /proc/net/tcp6}: the same check as {@code ss -ltn}, without the JDK's
 * view of the address.
 */
public final class ProcNet {

	private static final String TCP_LISTEN = "0A";

	private static final String UDP_UNCONNECTED = "07";

	private ProcNet() {
	}

	public static boolean available() {
		return Files.isReadable(Path.of("/proc/net/tcp"));
	}

	/**
	 * The families of the listening TCP sockets on a port.
	 * @param port the port
	 * @return the families found
	 */
	public static Set<Family> tcpListeners(int port) {
		return find("tcp", TCP_LISTEN, port);
	}

	/**
	 * The families of the bound UDP sockets on a port.
	 * @param port the port
	 * @return the families found
	 */
	public static Set<Family> udpSockets(int port) {
		return find("udp", UDP_UNCONNECTED, port);
	}

	private static Set<Family> find(String table, String state, int port) {
		Set<Family> families = EnumSet.noneOf(Family.class);
		if (contains(Path.of("/proc/net/" + table), state, port)) {
			families.add(Family.INET);
		}
		if (contains(Path.of("/proc/net/" + table + "6"), state, port)) {
			families.add(Family.INET6);
		}
		return families;
	}

	private static boolean contains(Path file, String state, int port) {
		if (!Files.isReadable(file)) {
			return false;
		}
		String suffix = ":" + String.format(Locale.ROOT, "%04X", port);
		try {
			return Files.readAllLines(file)
				.stream()
				.skip(1)
				.map((line) -> line.trim().split("\\s+"))
				.anyMatch((fields) -> fields[1].endsWith(suffix) && fields[3].equals(state));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
