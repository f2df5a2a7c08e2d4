package dev.listener.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The blocking engine's platform threads: an idle thread takes the next connection, a new thread
 * starts only when none is idle, up to the limit.
 */
class PlatformThreadsTests {

	private final PlatformThreads threads = new PlatformThreads("test", 50);

	@AfterEach
	void shutdown() throws InterruptedException {
		this.threads.shutdownNow();
		assertThat(this.threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void connectionsOneAfterAnotherReuseOneThread() throws Exception {
		for (int i = 0; i < 100; i++) {
			Future<?> task = this.threads.submit(() -> {
			});
			task.get(5, TimeUnit.SECONDS);
			// the thread that ran it is idle again once the pool counts it done
			await().atMost(Duration.ofSeconds(5))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(1))
				.until(() -> this.threads.getActiveCount() == 0);
		}
		assertThat(this.threads.getLargestPoolSize()).isEqualTo(1);
	}

	@Test
	void connectionsAtOnceEachGetAThreadUpToTheLimit() throws Exception {
		CountDownLatch running = new CountDownLatch(50);
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < 50; i++) {
			this.threads.execute(() -> {
				running.countDown();
				awaitQuietly(release);
			});
		}
		assertThat(running.await(10, TimeUnit.SECONDS)).as("all 50 running at once").isTrue();
		assertThat(this.threads.getPoolSize()).isEqualTo(50);
		// one more waits for a thread instead of being refused
		CountDownLatch extra = new CountDownLatch(1);
		this.threads.execute(extra::countDown);
		assertThat(extra.await(200, TimeUnit.MILLISECONDS)).isFalse();
		release.countDown();
		assertThat(extra.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.threads.getLargestPoolSize()).isEqualTo(50);
	}

	@Test
	void threadsAreNamedAfterTheListener() throws Exception {
		String name = this.threads.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
		assertThat(name).isEqualTo("listener-test-1");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
