package dev.listener.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What Linux says about listen sockets' accept queues: for a socket in the LISTEN state,
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6} show the connections waiting for accept() as
 * {@code rx_queue}; the queue's limit is the listen() backlog capped at
 * {@code /proc/sys/net/core/somaxconn} (the tables do not show it, only netlink's sock_diag does);
 * and {@code /proc/net/netstat} counts, for the whole host, the SYNs dropped because a queue was
 * full ({@code ListenOverflows}, {@code ListenDrops}). A scrape reads the tables once: a reading is
 * kept for a short while so that every socket's meters share it.
 */
final class KernelAcceptQueues {

	private static final Path[] TABLES = { Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6") };

	private static final Path NETSTAT = Path.of("/proc/net/netstat");

	private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

	private static final String LISTEN = "0A";

	private static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private volatile Reading reading = new Reading(Map.of(), System.nanoTime() - 2 * FRESH_NANOS);

	/** @return whether this platform has the tables */
	static boolean available() {
		return Files.isReadable(TABLES[0]) && Files.isReadable(NETSTAT);
	}

	/**
	 * The accept queue's limit for a backlog: the kernel caps listen()'s backlog at
	 * {@code net.core.somaxconn}.
	 * @param backlog the backlog passed to listen()
	 * @return the limit
	 */
	static long limit(int backlog) {
		try {
			return Math.min(backlog, Long.parseLong(Files.readAllLines(SOMAXCONN).get(0).trim()));
		}
		catch (IOException | RuntimeException ex) {
			return backlog;
		}
	}

	/**
	 * The queue of a listen socket.
	 * @param inode the socket's inode
	 * @return connections waiting for accept(), NaN when the socket is no longer listening
	 */
	double length(long inode) {
		Reading current = this.reading;
		long now = System.nanoTime();
		if (now - current.nanos() > FRESH_NANOS) {
			current = new Reading(read(), now);
			this.reading = current;
		}
		Long length = current.lengths().get(inode);
		return (length != null) ? length : Double.NaN;
	}

	private static Map<Long, Long> read() {
		Map<Long, Long> lengths = new HashMap<>();
		for (Path table : TABLES) {
			try {
				List<String> lines = Files.readAllLines(table);
				for (int i = 1; i < lines.size(); i++) {
					String[] fields = lines.get(i).trim().split("\\s+");
					if (fields.length > 9 && LISTEN.equals(fields[3])) {
						String rxQueue = fields[4].substring(fields[4].indexOf(':') + 1);
						lengths.put(Long.parseLong(fields[9]), Long.parseLong(rxQueue, 16));
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// no IPv6 table, or a format this reader does not know: those sockets go without
			}
		}
		return lengths;
	}

	/**
	 * A host-wide counter of {@code /proc/net/netstat}'s {@code TcpExt} line.
	 * @param name {@code ListenOverflows} or {@code ListenDrops}
	 * @return its value, NaN when it cannot be read
	 */
	static double tcpExt(String name) {
		try {
			List<String> lines = Files.readAllLines(NETSTAT);
			for (int i = 0; i + 1 < lines.size(); i++) {
				if (lines.get(i).startsWith("TcpExt:") && lines.get(i + 1).startsWith("TcpExt:")) {
					String[] names = lines.get(i).split("\\s+");
					String[] values = lines.get(i + 1).split("\\s+");
					for (int j = 1; j < names.length && j < values.length; j++) {
						if (names[j].equals(name)) {
							return Double.parseDouble(values[j]);
						}
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// reported as NaN, which registries show as no value
		}
		return Double.NaN;
	}

	private record Reading(Map<Long, Long> lengths, long nanos) {

	}

}
