package dev.listener.engine.blocking;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.listener.engine.ServerSettings;
import dev.listener.engine.ServingState;
import dev.listener.engine.SocketCounters;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SystemAddressResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The accept loop under accept() failures, injected through the {@link Acceptor} seam; the waits
 * are recorded instead of slept, so the test shows the loop never spins without timing it.
 */
class AcceptLoopTests {

	private static final String HOST = "127.0.0.1";

	private final ConcurrentLinkedQueue<Long> waits = new ConcurrentLinkedQueue<>();

	private final AtomicInteger failuresLeft = new AtomicInteger();

	private volatile String failure = "Too many open files";

	private Listener listener;

	private ListenerServers servers;

	@BeforeEach
	void serve() throws Exception {
		this.listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", Hints.recipe(), HOST, "0", SocketOptions.defaults()));
		Acceptor failing = (socket) -> {
			if (this.failuresLeft.getAndDecrement() > 0) {
				throw new IOException(this.failure);
			}
			return Acceptor.SYSTEM.accept(socket);
		};
		this.servers = new ListenerServers(List.of(this.listener), EchoClient.ECHO, null, ServerSettings.defaults(),
				(name) -> Executors.newCachedThreadPool(), failing, this.waits::add);
	}

	@AfterEach
	void close() throws IOException {
		this.servers.close();
		this.listener.close();
	}

	@Test
	void emfileBacksOffExponentiallyUpToASecondAndRecovers() throws Exception {
		this.failuresLeft.set(9);
		this.servers.start();
		try (EchoClient client = new EchoClient(HOST, this.listener.port())) {
			assertThat(client.roundTrip("served after EMFILE")).isEqualTo("served after EMFILE");
		}
		assertThat(this.waits).containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1000L, 1000L);
		assertThat(this.servers.states()).containsEntry("default", ServingState.RUNNING);
	}

	@Test
	void aSuccessfulAcceptStartsTheBackoffOver() throws Exception {
		this.failuresLeft.set(3);
		this.servers.start();
		try (EchoClient first = new EchoClient(HOST, this.listener.port())) {
			assertThat(first.roundTrip("first")).isEqualTo("first");
			this.failuresLeft.set(2);
			try (EchoClient second = new EchoClient(HOST, this.listener.port())) {
				assertThat(second.roundTrip("second")).isEqualTo("second");
			}
		}
		// the loop was already waiting in accept() when the failures were set: they come after it
		await().untilAsserted(() -> assertThat(this.waits).containsExactly(10L, 20L, 40L, 10L, 20L));
	}

	@Test
	void enfileBacksOffToo() throws Exception {
		this.failure = "Too many open files in system";
		this.failuresLeft.set(2);
		this.servers.start();
		try (EchoClient client = new EchoClient(HOST, this.listener.port())) {
			assertThat(client.roundTrip("served after ENFILE")).isEqualTo("served after ENFILE");
		}
		assertThat(this.waits).containsExactly(10L, 20L);
	}

	@Test
	void anAbortedConnectionIsRetriedAtOnce() throws Exception {
		this.failure = "Software caused connection abort";
		this.failuresLeft.set(5);
		this.servers.start();
		try (EchoClient client = new EchoClient(HOST, this.listener.port())) {
			assertThat(client.roundTrip("served after ECONNABORTED")).isEqualTo("served after ECONNABORTED");
		}
		assertThat(this.waits).isEmpty();
		assertThat(this.failuresLeft.get()).isNegative();
	}

	@Test
	void aConnectionTheExecutorRefusesIsClosedAndCountedAsRejected() throws Exception {
		ListenerServers refusing = new ListenerServers(List.of(this.listener), EchoClient.ECHO, null,
				ServerSettings.defaults(), (name) -> (task) -> {
					throw new RejectedExecutionException("full");
				}, Acceptor.SYSTEM, this.waits::add);
		refusing.start();
		try (EchoClient client = new EchoClient(HOST, this.listener.port())) {
			assertThat(client.read()).isEqualTo(-1);
		}
		finally {
			refusing.close();
		}
		assertThat(SocketCounters.of(this.listener.sockets().get(0)).rejected(RejectReason.ERROR)).isEqualTo(1);
		assertThat(SocketCounters.of(this.listener.sockets().get(0)).active()).isZero();
	}

	@Test
	void stoppedServersCannotBeStartedAgain() {
		this.servers.start();
		this.servers.stop(() -> {
		});
		assertThatIllegalStateException().isThrownBy(this.servers::start).withMessageContaining("sockets are closed");
		assertThat(this.servers.isRunning()).isFalse();
	}

	@Test
	void closingTheSocketUnderTheLoopIsAFailureTheStateShows() throws Exception {
		this.servers.start();
		ListenSocket socket = this.listener.sockets().get(0);
		socket.close();
		await()
			.until(() -> this.servers.states().get("default").status() == ServingState.Status.FAILED);
		assertThat(this.servers.states().get("default").failure()).isInstanceOf(IOException.class);
	}

}
