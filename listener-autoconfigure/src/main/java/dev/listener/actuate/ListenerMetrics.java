package dev.listener.actuate;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.listener.engine.AcceptError;
import dev.listener.engine.CloseReason;
import dev.listener.engine.SocketCounters;
import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Addresses;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.SocketType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the meters of every socket of the listeners. The meters read each socket's
 * {@link SocketCounters} when the registry is scraped, so the hot path only bumps a
 * {@code LongAdder}: nothing is created per connection, and tags name the listener and its bound
 * address, never a peer.
 */
public class ListenerMetrics implements MeterBinder {

	private final List<Listener> listeners;

	/**
	 * Creates a binder.
	 * @param listeners the listeners to measure
	 */
	public ListenerMetrics(List<Listener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (Listener listener : this.listeners) {
			for (ListenSocket socket : listener.sockets()) {
				bind(registry, socket, tags(socket));
			}
		}
	}

	static Tags tags(ListenSocket socket) {
		return Tags.of("listener", socket.listenerName(), "family", Names.lower(socket.addressInfo().family()),
				"protocol", Names.lower(socket.addressInfo().protocol()), "address",
				Addresses.format(socket.localAddress()));
	}

	private static void bind(MeterRegistry registry, ListenSocket socket, Tags tags) {
		Gauge.builder("listener.open", socket, (s) -> s.isOpen() ? 1 : 0)
			.description("Whether the listen socket is open (1) or closed (0)")
			.tags(tags)
			.register(registry);
		SocketCounters counters = SocketCounters.of(socket);
		counter("listener.handler.errors", "Exceptions thrown by the connection or datagram handler", counters,
				SocketCounters::handlerErrors, tags)
			.register(registry);
		SocketType type = socket.addressInfo().socketType();
		if (type == SocketType.STREAM) {
			bindConnections(registry, counters, tags);
		}
		else if (type == SocketType.DGRAM) {
			counter("listener.datagrams.received", "Datagrams received", counters,
					SocketCounters::datagramsReceived, tags)
				.register(registry);
			counter("listener.datagrams.sent", "Datagrams sent", counters, SocketCounters::datagramsSent,
					tags)
				.register(registry);
		}
		if (type == SocketType.STREAM || type == SocketType.DGRAM) {
			for (FrameRejection reason : FrameRejection.values()) {
				counter("listener.frames.rejected", "Frames refused, closing their connection, and datagrams dropped: "
						+ "too-long (over framing.max-frame-size) or malformed", counters,
						(c) -> c.framesRejected(reason), tags.and("reason", reason.tagValue()))
					.register(registry);
			}
			counter("listener.data.received", "Bytes read from connections or in datagrams received", counters,
					SocketCounters::bytesReceived, tags)
				.baseUnit(BaseUnits.BYTES)
				.register(registry);
			counter("listener.data.sent", "Bytes written to connections or in datagrams sent", counters,
					SocketCounters::bytesSent, tags)
				.baseUnit(BaseUnits.BYTES)
				.register(registry);
		}
	}

	private static void bindConnections(MeterRegistry registry, SocketCounters counters, Tags tags) {
		counter("listener.connections.accepted", "Connections accepted", counters,
				SocketCounters::accepted, tags)
			.register(registry);
		Gauge.builder("listener.connections.active", counters, SocketCounters::active)
			.description("Connections accepted and not yet closed")
			.tags(tags)
			.register(registry);
		for (RejectReason reason : RejectReason.values()) {
			counter("listener.connections.rejected", "Connections closed before they were served", counters,
					(c) -> c.rejected(reason), tags.and("reason", Names.lower(reason)))
					.register(registry);
		}
		for (CloseReason reason : CloseReason.values()) {
			counter("listener.connections.closed", "Connections closed, by how they ended", counters,
					(c) -> c.closed(reason), tags.and("reason", reason.tagValue()))
				.register(registry);
		}
		Timer duration = Timer.builder("listener.connection.duration")
			.description("How long closed connections were open")
			.tags(tags)
			.register(registry);
		counters.onConnectionClosed((nanos) -> duration.record(nanos, TimeUnit.NANOSECONDS));
		bindTls(registry, counters, tags);
		for (AcceptError error : AcceptError.values()) {
			counter("listener.accept.errors", "Failed accept() calls", counters,
					(c) -> c.acceptErrors(error), tags.and("error", Names.lower(error)))
				.register(registry);
		}
	}

	/** Zero on a listener without TLS, like the other counters of what has not happened. */
	private static void bindTls(MeterRegistry registry, SocketCounters counters, Tags tags) {
		Timer handshake = Timer.builder("listener.tls.handshake.duration")
			.description("How long completed TLS handshakes took")
			.tags(tags)
			.register(registry);
		counters.onHandshakeCompleted((nanos) -> handshake.record(nanos, TimeUnit.NANOSECONDS));
		for (HandshakeFailure reason : HandshakeFailure.values()) {
			counter("listener.tls.handshake.failures", "TLS handshakes that failed, closing their connection",
					counters, (c) -> c.handshakeFailures(reason), tags.and("reason", reason.tagValue()))
				.register(registry);
		}
	}

	private static FunctionCounter.Builder<SocketCounters> counter(String name, String description,
			 SocketCounters counters, ToDoubleFunction<SocketCounters> value, Tags tags) {
		return FunctionCounter.builder(name, counters, value).description(description).tags(tags);
	}

}
