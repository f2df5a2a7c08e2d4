package dev.listener.engine.blocking;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;

import dev.listener.actuate.ListenerMetrics;
import dev.listener.actuate.ListenersEndpoint;
import dev.listener.engine.CloseReason;
import dev.listener.engine.ServingStates;
import dev.listener.engine.SocketCounters;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Listener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients bound to a chosen loopback address, and the refusal counts as every view shows them. */
final class PipelineClients {

	private PipelineClients() {
	}

	/** A client connected from {@code from} (any 127.x.y.z works on Linux loopback) with a read timeout. */
	static Socket connect(String from, String to, int port) throws IOException {
		Socket socket = new Socket();
		// its TIME_WAIT after the close then does not keep a listener of a later test off the port
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
		socket.connect(new InetSocketAddress(InetAddress.getByName(to), port), EchoClient.TIMEOUT_MILLIS);
		socket.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
		return socket;
	}

	/**
	 * Reads until the server closes: -1 for an orderly close or a reset (a close with unread data);
	 * a server that keeps the connection open fails the read with a timeout.
	 * @return the bytes read before the close
	 */
	static int readUntilClosed(Socket socket) throws IOException {
		int count = 0;
		try {
			while (socket.getInputStream().read() >= 0) {
				count++;
			}
		}
		catch (SocketException ex) {
			assertThat(ex.getMessage()).contains("Connection reset");
		}
		return count;
	}

	/**
	 * Checks a listener's refusals for one reason the same in its counters, its meters
	 * ({@code listener.connections.rejected{reason}} and {@code listener.connections.closed{reason=rejected}})
	 * and the listeners endpoint.
	 */
	static void assertRejected(Listener listener, RejectReason reason, String tag, long count) {
		SocketCounters counters = SocketCounters.of(listener.sockets().get(0));
		assertThat(counters.rejected(reason)).isEqualTo(count);
		assertThat(counters.closed(CloseReason.REJECTED)).isEqualTo(count);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ListenerMetrics(List.of(listener)).bindTo(registry);
		assertThat(registry.get("listener.connections.rejected").tag("reason", tag).functionCounter().count())
			.isEqualTo(count);
		assertThat(registry.get("listener.connections.closed").tag("reason", "rejected").functionCounter().count())
			.isEqualTo(count);
		Map<String, Long> rejected = new ListenersEndpoint(List.of(listener), ServingStates.NONE)
			.listener(listener.name())
			.counters()
			.rejected();
		assertThat(rejected).containsEntry(tag, count);
	}

}
