package dev.listener.engine.blocking;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.listener.engine.CloseReason;
import dev.listener.engine.EngineLifecycle;
import dev.listener.engine.ServingState;
import dev.listener.engine.SocketCounters;
import dev.listener.handler.Connection;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Serving on real loopback sockets through the auto-configuration, on platform threads; the
 * subclass runs the same tests on virtual threads.
 */
public class ServingTests {

	private static final String HOST = "127.0.0.1";

	protected ApplicationContextRunner runner() {
		return runnerWithoutHost().withPropertyValues("listener.host=" + HOST);
	}

	/** @return the runner of the engine under test, on port 0, with no host set */
	protected ApplicationContextRunner runnerWithoutHost() {
		return TestHandlers.runner();
	}

	/** @return the handlers of the engine under test */
	protected TestHandlers handlers() {
		return TestHandlers.BLOCKING;
	}

	private ApplicationContextRunner echo() {
		return handlers().echo(runner(), "echo");
	}

	@ParameterizedTest
	@CsvSource({ "inet, 127.0.0.1", "inet6, ::1" })
	void echoesOverTcp(String family, String host) {
		echo().withPropertyValues("listener.family=" + family, "listener.host=" + host).run((context) -> {
			try (EchoClient client = new EchoClient(host, port(context))) {
				assertThat(client.roundTrip("hello over " + family)).isEqualTo("hello over " + family);
			}
			SocketCounters counters = counters(context);
			int length = ("hello over " + family).length();
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.accepted()).isEqualTo(1);
			assertThat(counters.bytesReceived()).isEqualTo(length);
			assertThat(counters.bytesSent()).isEqualTo(length);
			assertThat(counters.connectionNanos()).isPositive();
		});
	}

	@ParameterizedTest
	@CsvSource({ "inet, 127.0.0.1", "inet6, ::1" })
	void echoesOverUdp(String family, String host) {
		handlers().datagramEcho(runner())
			.withPropertyValues("listener.family=" + family, "listener.host=" + host, "listener.socket-type=dgram",
					"listener.protocol=udp")
			.run((context) -> {
				assertThat(EchoClient.datagramRoundTrip(host, port(context), "ping " + family))
					.isEqualTo("ping " + family);
				SocketCounters counters = counters(context);
				await().untilAsserted(() -> assertThat(counters.datagramsSent()).isEqualTo(1));
				assertThat(counters.datagramsReceived()).isEqualTo(1);
				assertThat(counters.bytesReceived()).isEqualTo(("ping " + family).length());
				assertThat(counters.bytesSent()).isEqualTo(("ping " + family).length());
			});
	}

	@Test
	void servesTwoHundredClientsAtOnce() {
		echo().run((context) -> {
			List<EchoClient> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 200; i++) {
					clients.add(new EchoClient(HOST, port(context)));
				}
				for (int i = 0; i < clients.size(); i++) {
					clients.get(i).send("client " + i + ";");
				}
				for (int i = 0; i < clients.size(); i++) {
					assertThat(clients.get(i).receive(("client " + i + ";").length())).isEqualTo("client " + i + ";");
				}
				assertThat(counters(context).active()).isEqualTo(200);
			}
			finally {
				for (EchoClient client : clients) {
					client.close();
				}
			}
			await().untilAsserted(() -> assertThat(counters(context).closed()).isEqualTo(200));
		});
	}

	@Test
	void aConnectionOverTheLimitWaitsAndIsServedWhenOneCloses() {
		echo().withPropertyValues("listener.connection.max=5").run((context) -> {
			List<EchoClient> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 5; i++) {
					EchoClient client = new EchoClient(HOST, port(context));
					clients.add(client);
					assertThat(client.roundTrip("in " + i)).isEqualTo("in " + i);
				}
				try (EchoClient sixth = new EchoClient(HOST, port(context))) {
					sixth.send("sixth");
					sixth.socket().setSoTimeout(500);
					assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(sixth::read);
					assertThat(counters(context).accepted()).isEqualTo(5);
					clients.remove(0).close();
					sixth.socket().setSoTimeout(EchoClient.TIMEOUT_MILLIS);
					assertThat(sixth.receive(5)).isEqualTo("sixth");
					assertThat(counters(context).accepted()).isEqualTo(6);
				}
			}
			finally {
				for (EchoClient client : clients) {
					client.close();
				}
			}
		});
	}

	/**
	 * The limit holds across an unspec listener's two sockets, to the connection, whichever socket
	 * the connections come to: a socket that gets none takes no share of it.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "::1", "127.0.0.1" })
	void everySocketOfAListenerSharesItsLimit(String secondHost) {
		handlers().echo(runnerWithoutHost(), "echo")
			.withPropertyValues("listener.connection.max=2", "listener.family=unspec", "listener.passive=false")
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				assertThat(listener.sockets()).hasSize(2);
				try (EchoClient first = new EchoClient("127.0.0.1", listener.port());
						EchoClient second = new EchoClient(secondHost, listener.port())) {
					assertThat(first.roundTrip("first")).isEqualTo("first");
					assertThat(second.roundTrip("second")).isEqualTo("second");
					try (EchoClient third = new EchoClient("127.0.0.1", listener.port())) {
						third.send("third");
						third.socket().setSoTimeout(500);
						assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(third::read);
						second.close();
						third.socket().setSoTimeout(EchoClient.TIMEOUT_MILLIS);
						assertThat(third.receive(5)).isEqualTo("third");
					}
				}
			});
	}

	/**
	 * A connection that waited for a slot is not idle for the time it waited: its idle clock starts
	 * when it is served, as for one that waited in the kernel's backlog.
	 */
	@Test
	void theWaitForASlotDoesNotCountAsIdle() {
		handlers().echo(runnerWithoutHost(), "echo")
			.withPropertyValues("listener.connection.max=1", "listener.connection.idle-timeout=1s",
					"listener.family=unspec", "listener.passive=false")
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				EchoClient waiting;
				try (EchoClient served = new EchoClient("127.0.0.1", listener.port())) {
					assertThat(served.roundTrip("first")).isEqualTo("first");
					// now the other waits for the slot, while this one is busy (never idle for a second)
					// for longer than the idle timeout
					waiting = new EchoClient("::1", listener.port());
					for (int i = 0; i < 6; i++) {
						Thread.sleep(300);
						assertThat(served.roundTrip("busy " + i)).isEqualTo("busy " + i);
					}
				}
				try (waiting) {
					// silent for half the idle timeout once its turn has come
					Thread.sleep(500);
					assertThat(waiting.roundTrip("served late")).isEqualTo("served late");
				}
				assertThat(listener.sockets()).allSatisfy(
						(socket) -> assertThat(SocketCounters.of(socket).closed(CloseReason.IDLE)).isZero());
			});
	}

	@Test
	void aFloodOverTheLimitWaitsInTheBacklogAndIsServedInFull() {
		echo().withPropertyValues("listener.connection.max=5").run((context) -> {
			SocketCounters counters = counters(context);
			List<EchoClient> held = new ArrayList<>();
			List<EchoClient> flood = new ArrayList<>();
			try {
				for (int i = 0; i < 5; i++) {
					EchoClient client = new EchoClient(HOST, port(context));
					held.add(client);
					assertThat(client.roundTrip("held " + i)).isEqualTo("held " + i);
				}
				for (int i = 0; i < 45; i++) {
					EchoClient client = new EchoClient(HOST, port(context));
					flood.add(client);
					client.send("flood " + i + ";");
				}
				await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(counters.accepted()).isEqualTo(5));
				for (EchoClient client : held) {
					client.close();
				}
				for (int i = 0; i < flood.size(); i++) {
					EchoClient client = flood.get(i);
					assertThat(client.receive(("flood " + i + ";").length())).isEqualTo("flood " + i + ";");
					client.close();
					assertThat(counters.active()).isLessThanOrEqualTo(5);
				}
			}
			finally {
				held.forEach(EchoClient::closeQuietly);
				flood.forEach(EchoClient::closeQuietly);
			}
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(50));
			assertThat(counters.accepted()).isEqualTo(50);
		});
	}

	@Test
	void clientResetsCloseOnlyTheirConnections() {
		echo().run((context) -> {
			SocketCounters counters = counters(context);
			for (int i = 0; i < 20; i++) {
				EchoClient client = new EchoClient(HOST, port(context));
				client.send("then reset");
				client.socket().setSoLinger(true, 0);
				client.close();
			}
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.roundTrip("after the resets")).isEqualTo("after the resets");
			}
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(21));
			assertThat(counters.active()).isZero();
			assertThat(servers(context).states()).containsEntry("default", ServingState.RUNNING);
		});
	}

	@Test
	void gracefulShutdownLosesNoRequestInFlight() {
		echo().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s").run((context) -> {
			List<EchoClient> clients = new ArrayList<>();
			Listener listener = context.getBean(Listener.class);
			SocketCounters counters = counters(context);
			CompletableFuture<Void> closing;
			try {
				for (int i = 0; i < 20; i++) {
					EchoClient client = new EchoClient(HOST, port(context));
					clients.add(client);
					String firstHalf = "request " + i + " first half, ";
					assertThat(client.roundTrip(firstHalf)).isEqualTo(firstHalf);
				}
				closing = CompletableFuture.runAsync(context::close);
				await().until(() -> !listener.isOpen());
				for (int i = 0; i < clients.size(); i++) {
					assertThat(clients.get(i).roundTrip("second half " + i + ";")).isEqualTo("second half " + i + ";");
				}
				assertThat(closing).isNotDone();
			}
			finally {
				clients.forEach(EchoClient::closeQuietly);
			}
			closing.get(10, TimeUnit.SECONDS);
			assertThat(counters.closed()).isEqualTo(20);
		});
	}

	@Test
	void idleTimeoutClosesAnIdleConnection() {
		echo().withPropertyValues("listener.connection.idle-timeout=1s").run((context) -> {
			try (EchoClient idle = new EchoClient(HOST, port(context))) {
				// taken before the server's last write, so a slow client cannot shorten what it measures
				long start = System.nanoTime();
				assertThat(idle.roundTrip("then silence")).isEqualTo("then silence");
				assertThat(idle.read()).isEqualTo(-1);
				assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
			}
			await().untilAsserted(() -> assertThat(counters(context).closed()).isEqualTo(1));
			assertThat(counters(context).handlerErrors()).isZero();
		});
	}

	@Test
	void withoutIdleTimeoutAnIdleConnectionStaysOpen() {
		echo().run((context) -> {
			try (EchoClient idle = new EchoClient(HOST, port(context))) {
				idle.socket().setSoTimeout(1500);
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(idle::read);
				assertThat(idle.roundTrip("still here")).isEqualTo("still here");
			}
		});
	}

	@Test
	void aHandlerThatThrowsClosesOnlyItsConnection() {
		handlers().failingOnX(runner()).run((context) -> {
			try (EchoClient other = new EchoClient(HOST, port(context))) {
				other.send("-");
				for (int i = 0; i < 3; i++) {
					try (EchoClient refused = new EchoClient(HOST, port(context))) {
						refused.send("x");
						assertThat(refused.read()).isEqualTo(-1);
					}
				}
				assertThat(other.roundTrip("still served")).isEqualTo("still served");
				try (EchoClient next = new EchoClient(HOST, port(context))) {
					next.send("-");
					assertThat(next.roundTrip("after the failures")).isEqualTo("after the failures");
				}
			}
			await().untilAsserted(() -> assertThat(counters(context).closed()).isEqualTo(5));
			assertThat(counters(context).handlerErrors()).isEqualTo(3);
			assertThat(servers(context).states()).containsEntry("default", ServingState.RUNNING);
		});
	}

	@Test
	void acceptedSocketsGetTcpNoDelayAndNoKeepAliveByDefault() {
		assertThat(optionsSeenByHandler()).containsExactly(true, false);
	}

	@Test
	void acceptedSocketOptionsFollowTheProperties() {
		assertThat(optionsSeenByHandler("listener.connection.tcp-no-delay=false",
				"listener.connection.keep-alive=true"))
			.containsExactly(false, true);
	}

	private List<Boolean> optionsSeenByHandler(String... properties) {
		List<Boolean> options = new CopyOnWriteArrayList<>();
		handlers().recordingOptions(runner(), options).withPropertyValues(properties).run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.read()).isEqualTo(-1);
			}
		});
		return options;
	}

	@Test
	void handlerSeesTheConnectionsAddressesAndListenerName() {
		AtomicReference<String> seen = new AtomicReference<>();
		handlers().recording(runner(), "recording", seen, new AtomicReference<>()).run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.read()).isEqualTo(-1);
				await().untilAsserted(() -> assertThat(seen.get())
					.isEqualTo("default " + port(context) + " " + client.socket().getLocalPort()));
			}
		});
	}

	@Test
	void gracefulShutdownServesAnOpenConnectionToItsEndAndRefusesNewOnes() {
		echo().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s").run((context) -> {
			int port = port(context);
			ListenerServers servers = servers(context);
			CompletableFuture<Void> closing;
			try (EchoClient open = new EchoClient(HOST, port)) {
				assertThat(open.roundTrip("before")).isEqualTo("before");
				closing = CompletableFuture.runAsync(context::close);
				await().until(() -> !context.getBean(Listener.class).isOpen());
				assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new EchoClient(HOST, port).close());
				assertThat(open.roundTrip("during")).isEqualTo("during");
				assertThat(closing).isNotDone();
			}
			closing.get(10, TimeUnit.SECONDS);
			assertThat(servers.states()).containsEntry("default", ServingState.STOPPED);
		});
	}

	@Test
	void gracefulShutdownClosesTheRestWhenThePhaseTimesOut() {
		echo().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=1s").run((context) -> {
			try (EchoClient open = new EchoClient(HOST, port(context))) {
				assertThat(open.roundTrip("before")).isEqualTo("before");
				context.close();
				assertThat(open.read()).isEqualTo(-1);
			}
		});
	}

	@Test
	void immediateShutdownClosesEveryConnection() {
		echo().withPropertyValues("listener.shutdown=immediate", "spring.lifecycle.timeout-per-shutdown-phase=30s")
			.run((context) -> {
				try (EchoClient first = new EchoClient(HOST, port(context));
						EchoClient second = new EchoClient(HOST, port(context))) {
					assertThat(first.roundTrip("one")).isEqualTo("one");
					assertThat(second.roundTrip("two")).isEqualTo("two");
					CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
					await().atMost(Duration.ofSeconds(10)).until(closing::isDone);
					assertThat(first.read()).isEqualTo(-1);
					assertThat(second.read()).isEqualTo(-1);
				}
			});
	}

	@Test
	void withoutAHandlerTheSocketIsOnlyHeld() {
		runner().run((context) -> {
			ListenerServers servers = servers(context);
			assertThat(servers.states()).containsEntry("default", ServingState.HOLDING);
			ListenSocket socket = context.getBean(Listener.class).sockets().get(0);
			try (EchoClient client = new EchoClient(HOST, port(context)); Connection accepted = BlockingConnections.accept(socket)) {
				assertThat(((InetSocketAddress) accepted.remoteAddress()).getPort()).isEqualTo(client.socket().getLocalPort());
			}
			assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
				.noneMatch((name) -> name.startsWith("listener-default-accept"));
		});
	}

	@Test
	void aStreamHandlerDoesNotServeADatagramListener() {
		echo().withPropertyValues("listener.socket-type=dgram", "listener.protocol=udp")
			.run((context) -> assertThat(servers(context).states()).containsEntry("default", ServingState.HOLDING));
	}

	@Test
	void servingStartsWithTheContextOnANonDaemonAcceptThread() {
		echo().run((context) -> {
			assertThat(servers(context).states()).containsEntry("default", ServingState.RUNNING);
			assertThat(Thread.getAllStackTraces().keySet())
				.filteredOn((thread) -> thread.getName().startsWith(acceptThreadPrefix()))
				.isNotEmpty()
				.allSatisfy((thread) -> assertThat(thread.isDaemon()).isFalse());
		});
	}

	@Test
	void connectionsAreServedOnTheConfiguredThreads() {
		AtomicReference<Thread> thread = new AtomicReference<>();
		handlers().recording(runner(), "recording", new AtomicReference<>(), thread).run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.read()).isEqualTo(-1);
			}
			await().untilAsserted(() -> assertThat(thread.get()).isNotNull());
			assertThat(thread.get().getName()).startsWith(servingThreadPrefix());
			assertThat(isVirtual(thread.get())).isEqualTo(expectVirtualThreads());
		});
	}

	@Test
	void twoConnectionHandlersWithoutANameFailStartupNamingThePropertyAndTheBeans() {
		handlers().echo(handlers().echo(runner(), "first"), "second")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.handler");
					assertThat(ex.getReason()).contains(handlers().connectionType() + " beans first, second");
				}));
	}

	@Test
	void theHandlerPropertyPicksOneOfTwoHandlers() {
		handlers().echo(handlers().recording(runner(), "first", new AtomicReference<>(), new AtomicReference<>()),
				"second")
			.withPropertyValues("listener.handler=second")
			.run((context) -> {
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					assertThat(client.roundTrip("picked")).isEqualTo("picked");
				}
			});
	}

	@Test
	void aConnectionMaxBelowOneIsRefusedNamingTheProperty() {
		echo().withPropertyValues("listener.connection.max=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.connection.max");
					assertThat(ex.getValue()).isEqualTo(0);
					assertThat(ex.getReason()).contains("at least 1");
				}));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aGracefulShutdownThatRunsOutOfTimeSaysHowManyConnectionsItClosedThenThatItStopped(CapturedOutput output) {
		// the closed line is held back a moment before it reaches the console, as on a loaded machine,
		// where the engine's connections may well close first (Netty closes them on its event loops)
		Logger lifecycle = (Logger) LoggerFactory.getLogger(EngineLifecycle.class);
		AppenderBase<ILoggingEvent> slowConsole = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				if (event.getFormattedMessage().contains("still open at shutdown")) {
					sleepQuietly(300);
				}
			}
		};
		slowConsole.start();
		lifecycle.addAppender(slowConsole);
		try {
			shutDownWithAConnectionOpen(output);
		}
		finally {
			lifecycle.detachAppender(slowConsole);
		}
	}

	private void shutDownWithAConnectionOpen(CapturedOutput output) {
		echo().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=300ms").run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.roundTrip("still here")).isEqualTo("still here");
				context.close();
				String closed = "Listener 'default' closed 1 connection still open at shutdown";
				String stopped = "Listener 'default' stopped (in ";
				await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains(stopped));
				assertThat(output.toString()).containsOnlyOnce(closed);
				assertThat(output.toString().indexOf(closed)).as("the closed line comes before the stopped line")
					.isLessThan(output.toString().indexOf(stopped));
			}
		});
	}

	@Test
	void aNonPositiveIdleTimeoutIsRefusedNamingTheProperty() {
		echo().withPropertyValues("listener.connection.idle-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(BeanCreationException.class)
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.connection.idle-timeout");
					assertThat(ex.getReason()).contains("must be positive");
				}));
	}

	@Test
	void aClientResetIsCountedAsAResetNotAHandlerError() {
		echo().run((context) -> {
			for (int i = 0; i < 5; i++) {
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					assertThat(client.roundTrip("before the reset")).isEqualTo("before the reset");
					client.send("unread by the server when the reset comes");
					client.socket().setSoLinger(true, 0);
				}
			}
			SocketCounters counters = counters(context);
			await().atMost(Duration.ofSeconds(10)).until(() -> counters.closed() == 5);
			assertThat(counters.closed(CloseReason.RESET)).isEqualTo(5);
			assertThat(counters.handlerErrors()).isZero();
		});
	}

	@Test
	void anIdleTimeoutBeyondAYearIsRefusedInsteadOfOverflowing() {
		echo().withPropertyValues("listener.connection.idle-timeout=PT1000000000H")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.connection.idle-timeout");
					assertThat(ex.getReason()).contains("at most 365 days");
				}));
	}

	protected boolean expectVirtualThreads() {
		return false;
	}

	/** @return how the names of the threads accepting connections start */
	protected String acceptThreadPrefix() {
		return "listener-default-accept-";
	}

	/** @return how the names of the threads serving connections start */
	protected String servingThreadPrefix() {
		return "listener-default-";
	}

	protected static boolean isVirtual(Thread thread) throws Exception {
		if (Runtime.version().feature() < 21) {
			return false;
		}
		return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
	}

	protected static int port(AssertableApplicationContext context) {
		return context.getBean(Listener.class).port();
	}

	protected static SocketCounters counters(AssertableApplicationContext context) {
		return SocketCounters.of(context.getBean(Listener.class).sockets().get(0));
	}

	private static ListenerServers servers(AssertableApplicationContext context) {
		return context.getBean(ListenerServers.class);
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
