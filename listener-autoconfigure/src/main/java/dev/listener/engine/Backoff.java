package dev.listener.engine;

import dev.listener.engine.AcceptError;

/**
 * How long an engine's accept loop waits after a failed accept(), the same on every engine. Out of
 * file descriptors (EMFILE, ENFILE) the pending connection stays in the backlog and accept() fails
 * again at once, so the loop waits, doubling from 10 ms up to 1 s, instead of spinning; an aborted
 * connection is retried at once. For engines, not applications.
 */
public final class Backoff {

	public static final long FIRST_MILLIS = 10;

	public static final long MAX_MILLIS = 1000;

	private long millis;

	/**
	 * @param error what failed
	 * @return how long to wait before the next accept(), 0 for not at all
	 */
	public long next(AcceptError error) {
		if (error == AcceptError.ECONNABORTED) {
			return 0;
		}
		this.millis = (this.millis == 0) ? FIRST_MILLIS : Math.min(this.millis * 2, MAX_MILLIS);
		return this.millis;
	}

	/** Starts over after a successful accept(). */
	public void reset() {
		this.millis = 0;
	}

	/** Waits, interruptibly: the tests replace it to record the waits. */
	@FunctionalInterface
	public interface Sleeper {

		Sleeper SYSTEM = Thread::sleep;

		void sleep(long millis) throws InterruptedException;

	}

}
