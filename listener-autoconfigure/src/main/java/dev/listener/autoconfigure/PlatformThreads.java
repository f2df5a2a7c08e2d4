package dev.listener.autoconfigure;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform threads of a stream listener on the blocking engine: a pool growing to {@code max}
 * threads that hands a connection to an idle thread before it starts a new one, as Tomcat's pool
 * does. A plain {@link ThreadPoolExecutor} with {@code max} core threads starts a thread per
 * connection until it holds {@code max} of them, idle or not: with {@code threads.max} in the
 * thousands, every short connection paid for a thread start. Idle threads end after a minute.
 * <p>
 * The listener accepts only while a thread is free (its limit is at most {@code max}), so the
 * queue holds a connection only for the instant between a thread finishing one and taking the next.
 */
final class PlatformThreads extends ThreadPoolExecutor {

	/** Tasks handed over and not yet finished: more than the pool's threads means none is idle. */
	private final AtomicInteger submitted = new AtomicInteger();

	PlatformThreads(String listenerName, int max) {
		super(0, max, 60, TimeUnit.SECONDS, new IdleFirstQueue(), new NamedThreads(listenerName));
		((IdleFirstQueue) getQueue()).pool = this;
	}

	@Override
	public void execute(Runnable task) {
		this.submitted.incrementAndGet();
		try {
			super.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// the pool reached max between the queue's check and the thread's start: queue it
			if (isShutdown() || !((IdleFirstQueue) getQueue()).force(task)) {
				this.submitted.decrementAndGet();
				throw ex;
			}
		}
	}

	@Override
	protected void afterExecute(Runnable task, Throwable failure) {
		this.submitted.decrementAndGet();
	}

	/** Queues a task only when a thread is idle to take it, or when no thread can be added. */
	private static final class IdleFirstQueue extends LinkedBlockingQueue<Runnable> {

		private static final long serialVersionUID = 1L;

		private transient PlatformThreads pool;

		@Override
		public boolean offer(Runnable task) {
			PlatformThreads pool = this.pool;
			int threads = pool.getPoolSize();
			if (pool.submitted.get() > threads && threads < pool.getMaximumPoolSize()) {
				// no idle thread: the executor starts one
				return false;
			}
			return super.offer(task);
		}

		boolean force(Runnable task) {
			return super.offer(task);
		}

	}

	private static final class NamedThreads implements ThreadFactory {

		private final String prefix;

		private final AtomicInteger count = new AtomicInteger();

		NamedThreads(String listenerName) {
			this.prefix = "listener-" + listenerName + "-";
		}

		@Override
		public Thread newThread(Runnable task) {
			return new Thread(task, this.prefix + this.count.incrementAndGet());
		}

	}

}
