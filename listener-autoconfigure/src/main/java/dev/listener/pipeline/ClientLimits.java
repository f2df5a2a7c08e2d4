package dev.listener.pipeline;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A listener's limits per client ({@code limits.per-client.*}) and on its whole accept rate
 * ({@code limits.max-accept-rate}), with the table of its clients. One instance per listener,
 * shared by its sockets and safe to call from any thread.
 * <p>
 * A client is its address with the host bits after {@code ipv4-prefix} or {@code ipv6-prefix}
 * cleared; behind the PROXY protocol, the header's client. Each connection over a limit is counted
 * under its reason ({@link #exceeded}); it is refused unless {@code dry-run} is on, in which case it
 * is served and charged as any other.
 */
public final class ClientLimits {

	/** No limit: nothing is counted, nothing refused, and accepting never pauses. */
	public static final ClientLimits OFF = new ClientLimits(Settings.NONE);

	/** The busiest clients {@link #top} returns at most. */
	public static final int TOP = 10;

	private final Settings settings;

	private final long windowNanos;

	private final @Nullable ClientTable table;

	private final @Nullable AcceptRate acceptRate;

	private final LongSupplier clock;

	private final LongAdder overConnections = new LongAdder();

	private final LongAdder overRate = new LongAdder();

	private final LongAdder acceptPauses = new LongAdder();

	/**
	 * @param settings the limits
	 */
	public ClientLimits(Settings settings) {
		this(settings, System::nanoTime);
	}

	ClientLimits(Settings settings, LongSupplier clock) {
		this.settings = settings;
		this.windowNanos = settings.window().toNanos();
		this.table = settings.perClient() ? new ClientTable(settings.tableSize()) : null;
		this.acceptRate = (settings.maxAcceptRate() > 0) ? new AcceptRate(settings.maxAcceptRate()) : null;
		this.clock = clock;
	}

	/** @return the limits */
	public Settings settings() {
		return this.settings;
	}

	/** @return whether a limit per client is set: a connection is then charged to its client */
	public boolean perClient() {
		return this.table != null;
	}

	/** @return whether any limit is set */
	public boolean isOn() {
		return this.table != null || this.acceptRate != null;
	}

	/**
	 * Charges a new connection to its client, once the client is known: at accept, or behind the
	 * PROXY protocol once the header has named it.
	 * @param client the client's address
	 * @return why it is refused, {@code null} to serve it; a connection served (with
	 * {@code dry-run}, every connection) is to be {@link #release released} when it closes, a
	 * refused one not
	 */
	public @Nullable RejectReason acquire(InetAddress client) {
		if (this.table == null) {
			return null;
		}
		int decision = charge(client, true);
		if (decision == ClientTable.ADMITTED) {
			return null;
		}
		RejectReason reason;
		if (decision == ClientTable.OVER_CONNECTIONS) {
			this.overConnections.increment();
			reason = RejectReason.CLIENT_CONNECTIONS;
		}
		else {
			this.overRate.increment();
			reason = RejectReason.CLIENT_RATE;
		}
		return this.settings.dryRun() ? null : reason;
	}

	/**
	 * A connection {@link #acquire} served has closed.
	 * @param client the address it was charged to
	 */
	public void release(InetAddress client) {
		if (this.table != null) {
			charge(client, false);
		}
	}

	/** Acquires or releases a connection of the client's key, which costs no allocation for IPv4. */
	private int charge(InetAddress client, boolean acquire) {
		long high = 0;
		long low;
		if (client instanceof Inet4Address ipv4) {
			low = ClientKey.ipv4(ClientKey.ipv4(ipv4), this.settings.ipv4Prefix());
		}
		else {
			byte[] bytes = client.getAddress();
			if (ClientKey.isMapped(bytes)) {
				low = ClientKey.ipv4(ClientKey.mappedIpv4(bytes), this.settings.ipv4Prefix());
			}
			else {
				high = ClientKey.ipv6High(bytes, this.settings.ipv6Prefix());
				low = ClientKey.ipv6Low(bytes, this.settings.ipv6Prefix());
			}
		}
		ClientTable table = Objects.requireNonNull(this.table);
		boolean rate = this.settings.maxNewConnections() > 0;
		synchronized (table) {
			if (!acquire) {
				table.release(high, low, this.clock.getAsLong(), rate);
				return ClientTable.ADMITTED;
			}
			return table.acquire(high, low, this.clock.getAsLong(), this.settings.maxConnections(),
					this.settings.maxNewConnections(), this.windowNanos, this.settings.dryRun());
		}
	}

	/**
	 * Counts a connection the listener accepted, toward {@code max-accept-rate}.
	 * @return how long the listener pauses accepting before the next connection, in nanoseconds; 0
	 * to go on
	 */
	public long accepted() {
		AcceptRate acceptRate = this.acceptRate;
		if (acceptRate == null) {
			return 0;
		}
		long pause = acceptRate.accepted(this.clock.getAsLong());
		if (pause > 0) {
			this.acceptPauses.increment();
		}
		return pause;
	}

	/**
	 * @param reason {@link RejectReason#CLIENT_CONNECTIONS} or {@link RejectReason#CLIENT_RATE}
	 * @return connections over that limit, refused or (with {@code dry-run}) served
	 */
	public long exceeded(RejectReason reason) {
		return switch (reason) {
			case CLIENT_CONNECTIONS -> this.overConnections.sum();
			case CLIENT_RATE -> this.overRate.sum();
			default -> 0;
		};
	}

	/** @return times accepting paused for {@code max-accept-rate} */
	public long acceptPauses() {
		return this.acceptPauses.sum();
	}

	/** @return clients in the table now */
	public int clients() {
		ClientTable table = this.table;
		if (table == null) {
			return 0;
		}
		synchronized (table) {
			return table.size();
		}
	}

	/** @return clients that took the place of another in the full table */
	public long evicted() {
		ClientTable table = this.table;
		if (table == null) {
			return 0;
		}
		synchronized (table) {
			return table.evicted();
		}
	}

	/**
	 * The busiest clients now, for an operator: never for a meter, whose tags must stay bounded.
	 * @return at most {@link #TOP} clients, the most connections open first, then the most new
	 * connections in the window
	 */
	public List<Client> top() {
		ClientTable table = this.table;
		if (table == null) {
			return List.of();
		}
		List<ClientTable.Usage> usage;
		synchronized (table) {
			usage = table.top(TOP, this.clock.getAsLong(), (this.settings.maxNewConnections() > 0) ? this.windowNanos : 0);
		}
		return usage.stream()
			.map((client) -> new Client(ClientKey.format(client.high(), client.low(), this.settings.ipv4Prefix(),
					this.settings.ipv6Prefix()), client.connections(), client.newConnections()))
			.toList();
	}

	/**
	 * The limits that are on, for the startup log line: {@code , per client 10 connections and 100
	 * new per 10s (dry-run), 500 accepts/s}.
	 * @return the limits, each after a comma, or an empty string when none is on
	 */
	public String describe() {
		StringBuilder limits = new StringBuilder();
		if (this.settings.perClient()) {
			limits.append(", per client ");
			if (this.settings.maxConnections() > 0) {
				limits.append(this.settings.maxConnections()).append(" connections");
			}
			if (this.settings.maxNewConnections() > 0) {
				limits.append((this.settings.maxConnections() > 0) ? " and " : "")
					.append(this.settings.maxNewConnections())
					.append(" new per ")
					.append(Durations.format(this.settings.window()));
			}
			if (this.settings.dryRun()) {
				limits.append(" (dry-run)");
			}
		}
		if (this.settings.maxAcceptRate() > 0) {
			limits.append(", ").append(this.settings.maxAcceptRate()).append(" accepts/s");
		}
		return limits.toString();
	}

	/**
	 * One client, as the {@code listeners} endpoint shows it.
	 *
	 * @param client its network: {@code 127.0.0.2}, {@code 10.1.2.0/24}, {@code 2001:db8:0:1:0:0:0:0/64}
	 * @param connections its connections open now
	 * @param newConnections its new connections in the last window, refused ones included
	 */
	public record Client(String client, int connections, long newConnections) {

	}

	/**
	 * The limits of one listener.
	 *
	 * @param maxConnections connections at once per client, 0 for no limit
	 * @param maxNewConnections new connections per client per window, 0 for no limit
	 * @param window the window of {@code maxNewConnections}
	 * @param ipv4Prefix the bits of an IPv4 address that name a client, 0 to 32
	 * @param ipv6Prefix the bits of an IPv6 address that name a client, 0 to 128
	 * @param tableSize the clients the table holds at most
	 * @param maxAcceptRate connections accepted per second by the whole listener, 0 for no limit
	 * @param dryRun whether connections over a per-client limit are counted and served, not refused
	 */
	public record Settings(int maxConnections, int maxNewConnections, Duration window, int ipv4Prefix,
			int ipv6Prefix, int tableSize, int maxAcceptRate, boolean dryRun) {

		/** The defaults: no limit, a 10 s window, /32 and /64 clients, 65536 of them at most. */
		public static final Settings NONE = new Settings(0, 0, Duration.ofSeconds(10), 32, 64, 65536, 0, false);

		/** The clients a table holds at most: about 64 bytes each, 1 GiB in all. */
		public static final int MAX_TABLE_SIZE = 1 << 24;

		/**
		 * Checks the values.
		 * @throws IllegalArgumentException when one is out of range
		 */
		public Settings {
			check(maxConnections >= 0, "maxConnections", maxConnections);
			check(maxNewConnections >= 0, "maxNewConnections", maxNewConnections);
			check(!window.isNegative() && !window.isZero(), "window", window);
			check(ipv4Prefix >= 0 && ipv4Prefix <= 32, "ipv4Prefix", ipv4Prefix);
			check(ipv6Prefix >= 0 && ipv6Prefix <= 128, "ipv6Prefix", ipv6Prefix);
			check(tableSize >= 1 && tableSize <= MAX_TABLE_SIZE, "tableSize", tableSize);
			check(maxAcceptRate >= 0, "maxAcceptRate", maxAcceptRate);
		}

		private static void check(boolean valid, String name, Object value) {
			if (!valid) {
				throw new IllegalArgumentException(name + " is out of range: " + value);
			}
		}

		/** @return whether a limit per client is set */
		public boolean perClient() {
			return this.maxConnections > 0 || this.maxNewConnections > 0;
		}

	}

}
