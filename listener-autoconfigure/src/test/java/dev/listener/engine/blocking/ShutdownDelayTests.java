package dev.listener.engine.blocking;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code listener.shutdown-delay}: at shutdown readiness turns to refusing first, the listener goes
 * on accepting for the delay, then stops accepting and drains, saying each step. On the blocking
 * engine; the subclass runs the same on Netty.
 */
@ExtendWith(OutputCaptureExtension.class)
public class ShutdownDelayTests {

	private static final String HOST = "127.0.0.1";

	/** @return the runner of the engine under test, on 127.0.0.1 port 0 */
	protected ApplicationContextRunner runner() {
		return TestHandlers.runner().withPropertyValues("listener.host=" + HOST);
	}

	/** @return the handlers of the engine under test */
	protected TestHandlers handlers() {
		return TestHandlers.BLOCKING;
	}

	/** An echo listener, with readiness kept, and the moment readiness turned to refusing. */
	private ApplicationContextRunner echo(AtomicLong refusingSince) {
		return handlers().echo(runner(), "echo")
			.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
			.withBean("refusingSince", ApplicationListener.class,
					() -> (ApplicationListener<AvailabilityChangeEvent<?>>) (event) -> {
						if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
							refusingSince.compareAndSet(0, System.nanoTime());
						}
					})
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s");
	}

	@Test
	void aConnectionMadeDuringTheDelayIsServed() {
		AtomicLong refusingSince = new AtomicLong();
		echo(refusingSince).withPropertyValues("listener.shutdown-delay=5s").run((context) -> {
			int port = context.getBean(Listener.class).port();
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			await().atMost(Duration.ofSeconds(5)).until(() -> refusingSince.get() != 0);
			assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
				.isEqualTo(ReadinessState.REFUSING_TRAFFIC);
			try (EchoClient during = new EchoClient(HOST, port)) {
				assertThat(during.roundTrip("during the delay")).isEqualTo("during the delay");
			}
			assertThat(closing).isNotDone();
			closing.get(30, TimeUnit.SECONDS);
		});
	}

	@Test
	void aConnectionMadeAfterTheDelayIsNotAcceptedWhileTheOpenOnesDrain() {
		AtomicLong refusingSince = new AtomicLong();
		echo(refusingSince).withPropertyValues("listener.shutdown-delay=1s").run((context) -> {
			int port = context.getBean(Listener.class).port();
			CompletableFuture<Void> closing;
			try (EchoClient open = new EchoClient(HOST, port)) {
				assertThat(open.roundTrip("before")).isEqualTo("before");
				closing = CompletableFuture.runAsync(context::close);
				await().atMost(Duration.ofSeconds(5)).until(() -> refusingSince.get() != 0);
				await().atMost(Duration.ofSeconds(10)).until(() -> refused(port));
				long refusedAfter = System.nanoTime() - refusingSince.get();
				assertThat(refusedAfter).as("refused only once the delay is over")
					.isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1000));
				assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new EchoClient(HOST, port).close());
				assertThat(open.roundTrip("draining")).isEqualTo("draining");
				assertThat(closing).isNotDone();
			}
			closing.get(30, TimeUnit.SECONDS);
		});
	}

	@Test
	void theLogSaysEachStepWithItsTime(CapturedOutput output) {
		echo(new AtomicLong()).withPropertyValues("listener.shutdown-delay=200ms").run((context) -> {
			assertThat(output).contains("shutdown graceful after a delay of 200ms");
			context.close();
		});
		assertThat(output).containsSubsequence(
				"Readiness is REFUSING_TRAFFIC as the shutdown begins: balancers checking it stop sending connections",
				"Listener 'default' goes on accepting for 200ms (its shutdown-delay), then stops accepting",
				"Listener 'default' stopped accepting ", "ms after the shutdown began",
				"Listener 'default' stopped (in ");
	}

	@Test
	void withoutADelayTheListenerStopsAcceptingAsTheShutdownBeginsAndLogsNoDelay(CapturedOutput output) {
		AtomicLong refusingSince = new AtomicLong();
		echo(refusingSince).run((context) -> {
			int port = context.getBean(Listener.class).port();
			try (EchoClient open = new EchoClient(HOST, port)) {
				assertThat(open.roundTrip("before")).isEqualTo("before");
				CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
				await().atMost(Duration.ofSeconds(5)).until(() -> !context.getBean(Listener.class).isOpen());
				assertThat(refusingSince.get()).as("readiness turned to refusing").isNotZero();
				assertThat(closing).isNotDone();
			}
		});
		assertThat(output).doesNotContain("shutdown-delay").doesNotContain("after a delay");
	}

	@Test
	void theDrainLineSaysHowManyConnectionsStillOpenItWaitsFor(CapturedOutput output) {
		echo(new AtomicLong()).withPropertyValues("listener.sockets.chat.port=0", "listener.sockets.game.port=0")
			.run((context) -> {
				int chat = context.getBean("chatListener", Listener.class).port();
				try (EchoClient first = new EchoClient(HOST, chat);
						EchoClient second = new EchoClient(HOST, chat);
						EchoClient game = new EchoClient(HOST, context.getBean("gameListener", Listener.class).port())) {
					assertThat(first.roundTrip("one")).isEqualTo("one");
					assertThat(second.roundTrip("two")).isEqualTo("two");
					assertThat(game.roundTrip("three")).isEqualTo("three");
					CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> output.toString().contains("Listeners refuse new connections; waiting for"));
					assertThat(output).contains("Listeners refuse new connections; waiting for 3 connections still "
							+ "open to finish (2 on 'chat', 1 on 'game')");
					assertThat(closing).isNotDone();
				}
			});
	}

	@Test
	void afterItsDelayTheListenerSaysHowManyConnectionsStillOpenItWaitsFor(CapturedOutput output) {
		echo(new AtomicLong()).withPropertyValues("listener.shutdown-delay=200ms").run((context) -> {
			try (EchoClient open = new EchoClient(HOST, context.getBean(Listener.class).port())) {
				assertThat(open.roundTrip("before")).isEqualTo("before");
				CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> output.toString().contains("after the shutdown began; waiting for its"));
				assertThat(output).contains("after the shutdown began; waiting for its 1 connection still open to finish");
				assertThat(closing).isNotDone();
			}
		});
	}

	@Test
	void aDelayNotShorterThanThePhaseTimeoutIsWarnedAboutOncePerPropertyAndCutByThePhase(CapturedOutput output) {
		handlers().echo(runner(), "echo")
			.withPropertyValues("listener.shutdown-delay=300ms", "spring.lifecycle.timeout-per-shutdown-phase=300ms",
					"listener.sockets.game.port=0", "listener.sockets.chat.port=0",
					"listener.sockets.chat.shutdown-delay=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("listener.shutdown-delay=300ms is not shorter than "
						+ "spring.lifecycle.timeout-per-shutdown-phase=300ms, which bounds the delay and the drain together")
					.containsOnlyOnce("listener.sockets.chat.shutdown-delay=1s is not shorter than")
					.contains("Raise spring.lifecycle.timeout-per-shutdown-phase above the delay");
			});
		assertThat(output).contains("Listener 'chat' is closed during its shutdown-delay: the shutdown phase "
				+ "(spring.lifecycle.timeout-per-shutdown-phase) ended first");
	}

	@Test
	void aDelayShorterThanThePhaseTimeoutIsNotWarnedAbout(CapturedOutput output) {
		handlers().echo(runner(), "echo")
			.withPropertyValues("listener.shutdown-delay=200ms", "spring.lifecycle.timeout-per-shutdown-phase=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("is not shorter than");
			});
	}

	private static boolean refused(int port) {
		try (EchoClient client = new EchoClient(HOST, port)) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
