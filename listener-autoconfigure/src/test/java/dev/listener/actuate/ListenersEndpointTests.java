package dev.listener.actuate;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

import dev.listener.actuate.ListenersEndpoint.ListenerDescriptor;
import dev.listener.engine.ServingStates;
import dev.listener.engine.TestCounters;
import dev.listener.engine.blocking.BlockingConnections;
import dev.listener.handler.Connection;
import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.socket.Family;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code listeners} endpoint describing a unix listener (the path wherever an IP listener
 * shows host and port) and its counters.
 */
class ListenersEndpointTests {

	private Listener listener;

	@AfterEach
	void close() throws IOException {
		if (this.listener != null) {
			this.listener.close();
		}
	}

	@Test
	void framesOverTheLimitAreInTheListenersCounters() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		TestCounters.of(this.listener.sockets().get(0)).frameRejected(FrameRejection.TOO_LONG);
		ListenerDescriptor descriptor = new ListenersEndpoint(List.of(this.listener), ServingStates.NONE)
			.listener("default");
		assertThat(descriptor).isNotNull();
		assertThat(descriptor.counters().framesRejected()).containsEntry("too-long", 1L).containsEntry("malformed", 0L);
		assertThat(descriptor.sockets()).singleElement()
			.satisfies((socket) -> assertThat(socket.counters().framesRejected()).containsEntry("too-long", 1L));
	}

	@Test
	void tlsHandshakesAreInTheListenersCountersByReason() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		TestCounters.of(this.listener.sockets().get(0)).handshakeCompleted(1000);
		TestCounters.of(this.listener.sockets().get(0)).handshakeFailed(HandshakeFailure.CERTIFICATE);
		ListenerDescriptor descriptor = new ListenersEndpoint(List.of(this.listener), ServingStates.NONE)
			.listener("default");
		assertThat(descriptor).isNotNull();
		assertThat(descriptor.counters().tlsHandshakes()).isEqualTo(1);
		assertThat(descriptor.counters().tlsHandshakeFailures()).containsEntry("certificate", 1L)
			.containsEntry("protocol", 0L)
			.containsEntry("timeout", 0L)
			.containsEntry("other", 0L);
	}

	@Test
	void unixListenerIsDescribedByItsPath(@TempDir Path directory) throws Exception {
		Path path = directory.resolve("app.sock");
		this.listener = TestListeners.openUnix("local", path);
		try (SocketChannel client = TestListeners.connectUnix(this.listener);
				Connection connection = BlockingConnections.accept(this.listener.sockets().get(0))) {
			ListenerDescriptor descriptor = new ListenersEndpoint(List.of(this.listener), ServingStates.NONE)
				.listener("local");
			assertThat(descriptor).isNotNull();
			assertThat(descriptor.configuration().family()).isEqualTo("unix");
			assertThat(descriptor.configuration().path()).isEqualTo(path.toString());
			assertThat(descriptor.configuration().inherited()).isFalse();
			assertThat(descriptor.resolved()).singleElement().satisfies((info) -> {
				assertThat(info.address()).isEqualTo(path.toString());
				assertThat(info.protocol()).isEqualTo("default");
			});
			assertThat(descriptor.boundAddresses()).containsExactly(path.toString());
			assertThat(descriptor.state()).isEqualTo("bound");
			assertThat(descriptor.sockets()).singleElement().satisfies((socket) -> {
				assertThat(socket.address()).isEqualTo(path.toString());
				assertThat(socket.family()).isEqualTo("unix");
				assertThat(socket.counters().accepted()).isEqualTo(1);
			});
		}
	}

}
