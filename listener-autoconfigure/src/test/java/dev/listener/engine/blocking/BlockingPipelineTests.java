package dev.listener.engine.blocking;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import dev.listener.engine.CloseReason;
import dev.listener.engine.ListenerEvents;
import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.engine.Shutdown;
import dev.listener.engine.SocketCounters;
import dev.listener.pipeline.AddressFilter;
import dev.listener.pipeline.Cidr;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Hints;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SystemAddressResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The blocking engine's pipeline around its listener's shutdown. */
class BlockingPipelineTests {

	private static final String HOST = "127.0.0.1";

	private Listener listener;

	@BeforeEach
	void open() throws Exception {
		this.listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", Hints.recipe(), HOST, "0", SocketOptions.defaults()));
	}

	@AfterEach
	void close() throws Exception {
		this.listener.close();
	}

	@Test
	void aConnectionWhoseStepsStartAfterTheListenerClosedIsRefusedForTheShutdown() throws Exception {
		ProxyProtocol proxy = new ProxyProtocol(ProxyProtocol.Mode.REQUIRED, List.of(Cidr.parse("127.0.0.1")),
				Duration.ofSeconds(5));
		BlockingPipeline pipeline = new BlockingPipeline(
				new ConnectionPipeline(AddressFilter.ALLOW_ALL, proxy, null, Framing.NONE), "closed-first");
		pipeline.close();
		try (Socket client = new Socket(HOST, this.listener.port());
				BlockingConnection connection = BlockingConnection.accept(
						ListenerEvents.unserved(this.listener.sockets().get(0)), this.listener.sockets().get(0))) {
			assertThat(pipeline.open(connection)).isFalse();
			assertThat(SocketCounters.of(connection.listenSocket()).rejected(RejectReason.SHUTDOWN)).isEqualTo(1);
		}
		assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
			.doesNotContain("listener-closed-first-deadlines");
	}

	@Test
	void aFailureOfTheStepsThemselvesClosesTheConnectionAndFreesItsSlot() throws Exception {
		// a deadline no nanosecond count can hold: the steps fail with an ArithmeticException
		ProxyProtocol proxy = new ProxyProtocol(ProxyProtocol.Mode.REQUIRED, List.of(Cidr.parse("127.0.0.1")),
				Duration.ofSeconds(Long.MAX_VALUE));
		ServerSettings settings = new ServerSettings(1, null, true, false, Shutdown.IMMEDIATE,
				new ConnectionPipeline(AddressFilter.ALLOW_ALL, proxy, null, Framing.NONE));
		ListenerServers servers = new ListenerServers(List.of(new ServedListener(this.listener, EchoClient.ECHO,
				null, settings, Executors::newCachedThreadPool)));
		servers.start();
		try {
			// one slot: the second connection is served only if the first one's was freed
			for (int i = 0; i < 2; i++) {
				try (EchoClient client = new EchoClient(HOST, this.listener.port())) {
					assertThat(client.read()).isEqualTo(-1);
				}
			}
		}
		finally {
			servers.close();
		}
		SocketCounters counters = SocketCounters.of(this.listener.sockets().get(0));
		// the client sees the close before the server counts it
		await().untilAsserted(() -> assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(2));
		assertThat(counters.rejected(RejectReason.ERROR)).isEqualTo(2);
		assertThat(counters.active()).isZero();
	}

}
