package dev.listener.actuate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.listener.socket.Family;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.SocketInodes;
import org.jspecify.annotations.Nullable;

/**
 * What Linux's {@code /proc} says about listen sockets' accept queues: for a socket in the LISTEN
 * state, {@code /proc/net/tcp} and {@code /proc/net/tcp6} show the connections waiting for accept()
 * as {@code rx_queue}; the queue's limit is the listen() backlog capped at
 * {@code /proc/sys/net/core/somaxconn} (the tables do not show it); and {@code /proc/net/netstat}
 * counts, for the whole host, the SYNs dropped because a queue was full ({@code ListenOverflows},
 * {@code ListenDrops}).
 * <p>
 * The tables have a line for every TCP socket of the host, TIME_WAIT ones included, and the
 * kernel takes longer to write them the more there are: under connection churn a read takes
 * seconds. So they are only the fallback where {@code TCP_INFO} cannot be read, and their cost is
 * bounded: one instance for the process reads them at most once per interval, on a thread of its
 * own; a caller waits for a new reading at most a short while, and past it answers from the
 * previous reading while that is recent, or not at all.
 */
final class ProcNetAcceptQueues implements AcceptQueueSource {

	private static final Path[] TABLES = { Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6") };

	private static final Path NETSTAT = Path.of("/proc/net/netstat");

	private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

	private static final String LISTEN = "0A";

	static final ProcNetAcceptQueues SHARED = new ProcNetAcceptQueues(ProcNetAcceptQueues::readTables,
			Duration.ofSeconds(1), Duration.ofMillis(100));

	private final Supplier<Map<Long, Long>> tables;

	private final long intervalNanos;

	private final long waitNanos;

	private final AtomicReference<CompletableFuture<Reading>> pending = new AtomicReference<>();

	private volatile @Nullable Reading reading;

	/**
	 * Creates a source.
	 * @param tables reads the queue lengths of the listen sockets by inode
	 * @param interval how long a reading is kept; ten intervals is the oldest one answered from
	 * @param wait how long a caller waits for a new reading
	 */
	ProcNetAcceptQueues(Supplier<Map<Long, Long>> tables, Duration interval, Duration wait) {
		this.tables = tables;
		this.intervalNanos = interval.toNanos();
		this.waitNanos = wait.toNanos();
	}

	/** @return whether this platform has the host-wide counters */
	static boolean hasNetstat() {
		return Files.isReadable(NETSTAT);
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

	@Override
	public @Nullable AcceptQueue read(ListenSocket socket) {
		if (!(socket.channel() instanceof ServerSocketChannel channel) || socket.addressInfo().family() == Family.UNIX
				|| !channel.isOpen()) {
			return null;
		}
		OptionalLong inode = SocketInodes.of(channel);
		@Nullable Reading current = (inode.isPresent()) ? current() : null;
		@Nullable Long length = (current != null) ? current.lengths().get(inode.getAsLong()) : null;
		return (length != null) ? new AcceptQueue(length, -1) : null;
	}

	@Override
	public boolean reads(ListenSocket socket) {
		return socket.channel() instanceof ServerSocketChannel channel && socket.addressInfo().family() != Family.UNIX
				&& Files.isReadable(TABLES[0]) && SocketInodes.of(channel).isPresent();
	}

	@Override
	public String name() {
		return "/proc/net/tcp";
	}

	private @Nullable Reading current() {
		Reading last = this.reading;
		long now = System.nanoTime();
		if (last != null && now - last.nanos() <= this.intervalNanos) {
			return last;
		}
		try {
			return refresh().get(this.waitNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			return (last != null && now - last.nanos() <= 10 * this.intervalNanos) ? last : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** The reading under way, or a new one on a thread of its own: one at a time. */
	private CompletableFuture<Reading> refresh() {
		while (true) {
			CompletableFuture<Reading> pending = this.pending.get();
			if (pending != null && !pending.isDone()) {
				return pending;
			}
			CompletableFuture<Reading> next = new CompletableFuture<>();
			if (this.pending.compareAndSet(pending, next)) {
				Thread reader = new Thread(() -> {
					try {
						Reading reading = new Reading(this.tables.get(), System.nanoTime());
						this.reading = reading;
						next.complete(reading);
					}
					catch (RuntimeException | Error ex) {
						next.completeExceptionally(ex);
					}
				}, "listener-accept-queues");
				reader.setDaemon(true);
				reader.start();
				return next;
			}
		}
	}

	static Map<Long, Long> readTables() {
		Map<Long, Long> lengths = new HashMap<>();
		for (Path table : TABLES) {
			try (BufferedReader lines = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
				lines.readLine();
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					String[] fields = line.trim().split("\\s+");
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
