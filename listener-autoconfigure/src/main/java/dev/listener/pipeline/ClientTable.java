package dev.listener.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The clients of one listener, each with its connections open now and its new connections in the
 * current and the previous window: a hash table keyed by two longs (the client's network, see
 * {@link ClientKey}) in parallel arrays, so that a connection allocates nothing and the memory is
 * bounded by the number of entries alone (about 64 bytes each).
 * <p>
 * The table starts small and doubles up to {@code maxEntries}. At the bound, a new client takes the
 * place of the client idle longest (no connection open); only when every entry has a connection
 * open does it take the place of the client least recently seen, whose open connections are then
 * no longer counted against it. Either way the eviction is counted. An idle client expires once
 * its windows hold nothing (two windows after it was last seen), or at once when no rate is
 * limited. Lookups probe linearly from a hash seeded per table, so that addresses cannot be chosen
 * to collide.
 * <p>
 * Not thread-safe: {@link ClientLimits} holds its lock around every call.
 */
final class ClientTable {

	/** What {@link #acquire} decided. */
	static final int ADMITTED = 0;

	static final int OVER_CONNECTIONS = 1;

	static final int OVER_RATE = 2;

	private static final int INITIAL_ENTRIES = 1024;

	/** Idle entries expired per call at most, so that no call does unbounded work. */
	private static final int EXPIRED_PER_CALL = 4;

	private static final int IDLE = 0;

	private static final int BUSY = 1;

	private static final int NONE = -1;

	private final int maxEntries;

	private final long seed = ThreadLocalRandom.current().nextLong();

	private long[] high;

	private long[] low;

	private int[] connections;

	/** New connections in the window that started at {@link #windowStart}, and in the one before. */
	private int[] current;

	private int[] previous;

	private long[] windowStart;

	/** When the entry was last acquired or released: the order of the lists. */
	private long[] touched;

	/** The entry's neighbours in its list (idle or busy), or in the free list (next only). */
	private int[] before;

	private int[] after;

	/** Entry index + 1 per slot, 0 for an empty slot; a power of two at least twice the entries. */
	private int[] slots;

	private final int[] head = { NONE, NONE };

	private final int[] tail = { NONE, NONE };

	private int freeHead = NONE;

	/** Entries handed out since the table was created or grown: the rest are never used yet. */
	private int used;

	private int size;

	private long evicted;

	ClientTable(int maxEntries) {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
		}
		this.maxEntries = maxEntries;
		int entries = Math.min(INITIAL_ENTRIES, maxEntries);
		this.high = new long[entries];
		this.low = new long[entries];
		this.connections = new int[entries];
		this.current = new int[entries];
		this.previous = new int[entries];
		this.windowStart = new long[entries];
		this.touched = new long[entries];
		this.before = new int[entries];
		this.after = new int[entries];
		this.slots = new int[slotsFor(entries)];
	}

	/** Twice the entries at least, as a power of two: linear probing stays short at half full. */
	private static int slotsFor(int entries) {
		return Integer.highestOneBit(Math.max(entries, 2) - 1) << 2;
	}

	/** Doubles the entries, up to the bound, and rehashes the clients into the larger slots. */
	private void grow() {
		int entries = (int) Math.min(2L * this.high.length, this.maxEntries);
		this.high = Arrays.copyOf(this.high, entries);
		this.low = Arrays.copyOf(this.low, entries);
		this.connections = Arrays.copyOf(this.connections, entries);
		this.current = Arrays.copyOf(this.current, entries);
		this.previous = Arrays.copyOf(this.previous, entries);
		this.windowStart = Arrays.copyOf(this.windowStart, entries);
		this.touched = Arrays.copyOf(this.touched, entries);
		this.before = Arrays.copyOf(this.before, entries);
		this.after = Arrays.copyOf(this.after, entries);
		this.slots = new int[slotsFor(entries)];
		for (int list = IDLE; list <= BUSY; list++) {
			for (int entry = this.head[list]; entry != NONE; entry = this.after[entry]) {
				this.slots[emptySlot(this.high[entry], this.low[entry])] = entry + 1;
			}
		}
	}

	/**
	 * Counts a new connection of a client, and whether it is over a limit. A connection over the
	 * limit counts toward the client's rate all the same, so that a client reconnecting in a loop
	 * stays refused until it slows down.
	 * @param high the client's key, first half
	 * @param low the client's key, second half
	 * @param now the time, in nanoseconds
	 * @param maxConnections connections at once, 0 for no limit
	 * @param maxNew new connections per window, 0 for no limit
	 * @param windowNanos the window, in nanoseconds
	 * @param chargeAnyway whether a connection over a limit is charged as open (dry-run)
	 * @return {@link #ADMITTED}, {@link #OVER_CONNECTIONS} or {@link #OVER_RATE}; only an admitted
	 * connection, or one charged anyway, is to be {@link #release released}
	 */
	int acquire(long high, long low, long now, int maxConnections, int maxNew, long windowNanos,
			boolean chargeAnyway) {
		expire(now, (maxNew > 0) ? 2 * windowNanos : 0);
		int entry = find(high, low);
		if (entry == NONE) {
			entry = newEntry(high, low, now);
		}
		else {
			unlink(entry);
		}
		int decision = ADMITTED;
		if (maxConnections > 0 && this.connections[entry] >= maxConnections) {
			decision = OVER_CONNECTIONS;
		}
		if (maxNew > 0) {
			roll(entry, now, windowNanos);
			this.current[entry] = saturated(this.current[entry] + 1L);
			if (decision == ADMITTED && rate(entry, now, windowNanos) > maxNew) {
				decision = OVER_RATE;
			}
		}
		if (decision == ADMITTED || chargeAnyway) {
			this.connections[entry] = saturated(this.connections[entry] + 1L);
		}
		this.touched[entry] = now;
		link(entry);
		return decision;
	}

	/**
	 * A connection of a client has closed.
	 * @param high the client's key, first half
	 * @param low the client's key, second half
	 * @param now the time, in nanoseconds
	 * @param keepIdle whether an idle client stays until it expires (its rate is limited)
	 */
	void release(long high, long low, long now, boolean keepIdle) {
		int entry = find(high, low);
		if (entry == NONE) {
			// evicted while it had connections open
			return;
		}
		unlink(entry);
		if (this.connections[entry] > 0) {
			this.connections[entry]--;
		}
		this.touched[entry] = now;
		if (this.connections[entry] == 0 && !keepIdle) {
			remove(entry);
			return;
		}
		link(entry);
	}

	/** The entries the window rolled past hold nothing: start the window at now or shift it once. */
	private void roll(int entry, long now, long windowNanos) {
		long elapsed = now - this.windowStart[entry];
		if (elapsed >= 2 * windowNanos) {
			this.previous[entry] = 0;
			this.current[entry] = 0;
			this.windowStart[entry] = now;
		}
		else if (elapsed >= windowNanos) {
			this.previous[entry] = this.current[entry];
			this.current[entry] = 0;
			this.windowStart[entry] += windowNanos;
		}
	}

	/**
	 * New connections in the last window, as HAProxy's {@code conn_rate} estimates them: the current
	 * window's, plus the previous one's weighted by how much of it the last window still covers.
	 */
	private double rate(int entry, long now, long windowNanos) {
		long elapsed = now - this.windowStart[entry];
		if (elapsed >= 2 * windowNanos) {
			return 0;
		}
		if (elapsed >= windowNanos) {
			return this.current[entry] * ((double) (2 * windowNanos - elapsed) / windowNanos);
		}
		return this.current[entry] + this.previous[entry] * ((double) (windowNanos - elapsed) / windowNanos);
	}

	private void expire(long now, long idleNanos) {
		for (int i = 0; i < EXPIRED_PER_CALL; i++) {
			int oldest = this.head[IDLE];
			if (oldest == NONE || now - this.touched[oldest] < idleNanos) {
				return;
			}
			unlink(oldest);
			remove(oldest);
		}
	}

	private int newEntry(long high, long low, long now) {
		int entry;
		if (this.freeHead != NONE) {
			entry = this.freeHead;
			this.freeHead = this.after[entry];
		}
		else if (this.used < this.high.length) {
			entry = this.used++;
		}
		else if (this.high.length < this.maxEntries) {
			grow();
			entry = this.used++;
		}
		else {
			// the bound: the client idle longest, else the one least recently seen, makes room
			entry = (this.head[IDLE] != NONE) ? this.head[IDLE] : this.head[BUSY];
			unlink(entry);
			remove(entry);
			this.freeHead = this.after[entry];
			this.evicted++;
		}
		this.high[entry] = high;
		this.low[entry] = low;
		this.connections[entry] = 0;
		this.current[entry] = 0;
		this.previous[entry] = 0;
		this.windowStart[entry] = now;
		this.slots[emptySlot(high, low)] = entry + 1;
		this.size++;
		return entry;
	}

	/** Takes an unlinked entry out of the hash and onto the free list. */
	private void remove(int entry) {
		int mask = this.slots.length - 1;
		int slot = home(this.high[entry], this.low[entry]);
		while (this.slots[slot] != entry + 1) {
			slot = (slot + 1) & mask;
		}
		// backward-shift deletion: move up each entry of the run that the hole now separates from its home
		int hole = slot;
		int next = hole;
		while (true) {
			next = (next + 1) & mask;
			int moving = this.slots[next];
			if (moving == 0) {
				break;
			}
			int home = home(this.high[moving - 1], this.low[moving - 1]);
			boolean between = (hole <= next) ? (hole < home && home <= next) : (hole < home || home <= next);
			if (!between) {
				this.slots[hole] = moving;
				hole = next;
			}
		}
		this.slots[hole] = 0;
		this.after[entry] = this.freeHead;
		this.freeHead = entry;
		this.size--;
	}

	private int find(long high, long low) {
		int mask = this.slots.length - 1;
		for (int slot = home(high, low);; slot = (slot + 1) & mask) {
			int entry = this.slots[slot] - 1;
			if (entry == NONE) {
				return NONE;
			}
			if (this.high[entry] == high && this.low[entry] == low) {
				return entry;
			}
		}
	}

	private int emptySlot(long high, long low) {
		int mask = this.slots.length - 1;
		int slot = home(high, low);
		while (this.slots[slot] != 0) {
			slot = (slot + 1) & mask;
		}
		return slot;
	}

	private int home(long high, long low) {
		long hash = (high ^ this.seed) * 0x9E3779B97F4A7C15L;
		hash = (hash ^ (hash >>> 29) ^ low) * 0xBF58476D1CE4E5B9L;
		hash ^= hash >>> 32;
		return (int) hash & (this.slots.length - 1);
	}

	/** Appends an entry to the idle list or the busy one, as its connections say. */
	private void link(int entry) {
		int list = (this.connections[entry] > 0) ? BUSY : IDLE;
		this.before[entry] = this.tail[list];
		this.after[entry] = NONE;
		if (this.tail[list] != NONE) {
			this.after[this.tail[list]] = entry;
		}
		else {
			this.head[list] = entry;
		}
		this.tail[list] = entry;
	}

	private void unlink(int entry) {
		int list = (this.connections[entry] > 0) ? BUSY : IDLE;
		int before = this.before[entry];
		int after = this.after[entry];
		if (before != NONE) {
			this.after[before] = after;
		}
		else {
			this.head[list] = after;
		}
		if (after != NONE) {
			this.before[after] = before;
		}
		else {
			this.tail[list] = before;
		}
	}

	private static int saturated(long value) {
		return (int) Math.min(value, Integer.MAX_VALUE);
	}

	/** @return the clients in the table */
	int size() {
		return this.size;
	}

	/** @return the entries the table has room for now, at most its bound */
	int capacity() {
		return this.high.length;
	}

	/** @return clients that took the place of another at the bound */
	long evicted() {
		return this.evicted;
	}

	/**
	 * The clients with the most connections open, then the most new connections in the window:
	 * one pass over the table keeping the busiest {@code count} in a small heap, so that an
	 * operator's look at a full table holds the lock for a scan, not a sort.
	 * @param count how many at most
	 * @param now the time, in nanoseconds
	 * @param windowNanos the window of the rate, 0 when no rate is limited
	 * @return the clients, busiest first
	 */
	List<Usage> top(int count, long now, long windowNanos) {
		Comparator<Usage> busier = Comparator.comparingInt(Usage::connections).thenComparingLong(Usage::newConnections);
		PriorityQueue<Usage> busiest = new PriorityQueue<>(busier);
		for (int list = IDLE; list <= BUSY; list++) {
			for (int entry = this.head[list]; entry != NONE; entry = this.after[entry]) {
				long rate = (windowNanos > 0) ? (long) Math.ceil(rate(entry, now, windowNanos)) : 0;
				Usage least = busiest.peek();
				if (busiest.size() < count) {
					busiest.add(new Usage(this.high[entry], this.low[entry], this.connections[entry], rate));
				}
				else if (least != null && (this.connections[entry] > least.connections()
						|| (this.connections[entry] == least.connections() && rate > least.newConnections()))) {
					busiest.poll();
					busiest.add(new Usage(this.high[entry], this.low[entry], this.connections[entry], rate));
				}
			}
		}
		List<Usage> top = new ArrayList<>(busiest);
		top.sort(busier.reversed());
		return List.copyOf(top);
	}

	/**
	 * One client's use.
	 *
	 * @param high its key, first half
	 * @param low its key, second half
	 * @param connections connections open now
	 * @param newConnections new connections in the last window, as estimated
	 */
	record Usage(long high, long low, int connections, long newConnections) {

	}

}
