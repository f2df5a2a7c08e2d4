package dev.listener.pipeline;

/**
 * A whole listener's accept rate ({@code limits.max-accept-rate}), as the generic cell rate
 * algorithm keeps it: each accepted connection moves a theoretical arrival time one interval
 * ({@code 1 s / rate}) on, and accepting pauses while that time runs more than a second ahead of
 * now. A listener quiet for a second takes a burst of up to {@code rate} connections at once; a
 * steady flow is accepted at {@code rate} a second, the kernel's backlog holding the rest. Nothing is
 * refused.
 */
final class AcceptRate {

	private static final long SECOND = 1_000_000_000L;

	private final long intervalNanos;

	/** How far the arrival time may run ahead of now: a second's burst, less the connection itself. */
	private final long burstNanos;

	private long arrival;

	private boolean started;

	/**
	 * @param perSecond connections accepted per second, at least 1
	 */
	AcceptRate(int perSecond) {
		if (perSecond < 1) {
			throw new IllegalArgumentException("perSecond must be at least 1, was " + perSecond);
		}
		this.intervalNanos = Math.max(1, SECOND / perSecond);
		this.burstNanos = SECOND - this.intervalNanos;
	}

	/**
	 * Counts an accepted connection.
	 * @param now the time, in nanoseconds
	 * @return how long to pause before the next accept, in nanoseconds, 0 to go on
	 */
	synchronized long accepted(long now) {
		if (!this.started || now - this.arrival > 0) {
			this.arrival = now;
			this.started = true;
		}
		this.arrival += this.intervalNanos;
		long ahead = this.arrival - now - this.burstNanos;
		return Math.max(0, ahead);
	}

}
