package dev.listener.engine.netty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.engine.blocking.EchoClient;
import dev.listener.handler.MessageHandler;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message handler declared blocking ({@code listener.message.blocking: true}) on a Netty engine
 * of one event loop: it runs off the event loop, one message at a time per connection and in
 * order, so a connection whose handler sleeps does not delay another connection's echo on the same
 * loop; the same handler not declared blocking does.
 */
class NettyBlockingMessageHandlerTests {

	private static final String HOST = "127.0.0.1";

	/** Lines starting with "slow" take 100 ms each. */
	private final CountDownLatch slowStarted = new CountDownLatch(1);

	private final Queue<String> threads = new ConcurrentLinkedQueue<>();

	private final MessageHandler sleepy = (message, context) -> {
		this.threads.add(Thread.currentThread().getName());
		String text = StandardCharsets.UTF_8.decode(message.duplicate()).toString();
		if (text.startsWith("slow")) {
			this.slowStarted.countDown();
			Thread.sleep(100);
		}
		context.reply(message);
	};

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
				ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
		.withPropertyValues("listener.port=0", "listener.host=" + HOST, "listener.engine=netty",
				"listener.netty.threads=1", "listener.netty.transport=nio", "listener.framing.type=line")
		.withBean(MessageHandler.class, () -> this.sleepy);

	@Test
	void aBlockingHandlerSleepingForOneConnectionDoesNotDelayAnotherOnTheSameEventLoop() {
		this.runner.withPropertyValues("listener.message.blocking=true").run((context) -> {
			int port = context.getBean(Listener.class).port();
			try (EchoClient slow = new EchoClient(HOST, port); EchoClient fast = new EchoClient(HOST, port)) {
				StringBuilder lines = new StringBuilder();
				for (int i = 0; i < 10; i++) {
					lines.append("slow ").append(i).append('\n');
				}
				slow.send(lines.toString());
				assertThat(this.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
				List<Long> latencies = roundTrips(fast, 5);
				// the echo waits for no sleep of the other connection (a second of them is queued)
				assertThat(median(latencies)).as("round trips in ms: %s", latencies).isLessThan(50);
				assertThat(slow.receive(lines.length())).isEqualTo(lines.toString());
			}
			assertThat(this.threads).noneMatch((name) -> name.startsWith("listener-netty"));
		});
	}

	@Test
	void theSameHandlerNotDeclaredBlockingDelaysTheOtherConnection() {
		this.runner.run((context) -> {
			int port = context.getBean(Listener.class).port();
			try (EchoClient slow = new EchoClient(HOST, port); EchoClient fast = new EchoClient(HOST, port)) {
				slow.send("slow 0\nslow 1\nslow 2\n");
				assertThat(this.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
				List<Long> latencies = roundTrips(fast, 1);
				assertThat(latencies.get(0)).as("round trip in ms").isGreaterThanOrEqualTo(100);
				slow.receive("slow 0\nslow 1\nslow 2\n".length());
			}
			assertThat(this.threads).allMatch((name) -> name.startsWith("listener-netty"));
		});
	}

	@Test
	void aBlockingHandlerTakesAConnectionsMessagesInOrderOneAtATime() {
		this.runner.withPropertyValues("listener.message.blocking=true").run((context) -> {
			int port = context.getBean(Listener.class).port();
			try (EchoClient client = new EchoClient(HOST, port)) {
				StringBuilder lines = new StringBuilder();
				for (int i = 0; i < 200; i++) {
					lines.append(i).append('\n');
				}
				client.send(lines.toString());
				assertThat(client.receive(lines.length())).isEqualTo(lines.toString());
			}
		});
	}

	private static List<Long> roundTrips(EchoClient client, int count) throws Exception {
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long started = System.nanoTime();
			assertThat(client.roundTrip("fast " + i + "\n")).isEqualTo("fast " + i + "\n");
			latencies.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
		}
		return latencies;
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
