package dev.listener.actuate;

import java.util.List;

import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The kernel's accept queue of every TCP listen socket, where connections wait once a listener
 * has stopped accepting at {@code connection.max} and where SYNs are dropped when it overflows:
 * {@code listener.accept.queue} (waiting now) and {@code listener.accept.queue.limit} (the
 * effective backlog) per socket, and the host-wide {@code listener.accept.overflows} and
 * {@code listener.accept.drops}. The queue is read with {@code getsockopt(TCP_INFO)} on each socket
 * (Linux), and from {@code /proc/net/tcp} where that cannot be read; the counters from
 * {@code /proc/net/netstat}. Where the platform has no such source the meters are absent, not zero.
 */
public class AcceptQueueMetrics implements MeterBinder {

	private static final String CONNECTIONS = "connections";

	private final List<Listener> listeners;

	private final AcceptQueueSource source;

	/**
	 * Creates a binder.
	 * @param listeners the listeners to measure
	 */
	public AcceptQueueMetrics(List<Listener> listeners) {
		this(listeners, AcceptQueueSource.system());
	}

	AcceptQueueMetrics(List<Listener> listeners, AcceptQueueSource source) {
		this.listeners = List.copyOf(listeners);
		this.source = source;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		boolean any = false;
		for (Listener listener : this.listeners) {
			for (ListenSocket socket : listener.sockets()) {
				// not a unix or dgram socket, whose queue is not a TCP accept queue
				if (this.source.reads(socket)) {
					@Nullable AcceptQueue queue = this.source.read(socket);
					bind(registry, socket, listener.options().backlog(), (queue != null) ? queue.limit() : -1);
					any = true;
				}
			}
		}
		if (any && ProcNetAcceptQueues.hasNetstat()) {
			hostCounter(registry, "listener.accept.overflows", "ListenOverflows",
					"SYNs or handshakes dropped because an accept queue was full, on the whole host");
			hostCounter(registry, "listener.accept.drops", "ListenDrops",
					"Connections dropped by listen sockets for any reason, on the whole host");
		}
	}

	private void bind(MeterRegistry registry, ListenSocket socket, @Nullable Integer backlog, long kernelLimit) {
		Tags tags = ListenerMetrics.tags(socket);
		Gauge.builder("listener.accept.queue", socket, this::length)
			.strongReference(true)
			.description("Connections waiting in the kernel's accept queue")
			.baseUnit(CONNECTIONS)
			.tags(tags)
			.register(registry);
		// the kernel's own word where the source has it: an inherited socket's backlog is not known
		long limit = (kernelLimit >= 0) ? kernelLimit : (backlog != null) ? ProcNetAcceptQueues.limit(backlog) : -1;
		if (limit >= 0) {
			Gauge.builder("listener.accept.queue.limit", () -> limit)
				.description("How many connections the accept queue holds: the backlog, capped at somaxconn")
				.baseUnit(CONNECTIONS)
				.tags(tags)
				.register(registry);
		}
	}

	private double length(ListenSocket socket) {
		@Nullable AcceptQueue queue = this.source.read(socket);
		return (queue != null) ? queue.length() : Double.NaN;
	}

	private static void hostCounter(MeterRegistry registry, String name, String counter, String description) {
		FunctionCounter.builder(name, counter, ProcNetAcceptQueues::tcpExt)
			.description(description)
			.tags("scope", "host")
			.register(registry);
	}

}
