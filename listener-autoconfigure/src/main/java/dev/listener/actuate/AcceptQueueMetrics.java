package dev.listener.actuate;

import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.OptionalLong;

import dev.listener.socket.Family;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.SocketInodes;
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
 * {@code listener.accept.drops}. Read from Linux's {@code /proc/net}; where the platform has no such
 * source the meters are absent, not zero.
 */
public class AcceptQueueMetrics implements MeterBinder {

	private static final String CONNECTIONS = "connections";

	private final List<Listener> listeners;

	private final KernelAcceptQueues kernel = new KernelAcceptQueues();

	/**
	 * Creates a binder.
	 * @param listeners the listeners to measure
	 */
	public AcceptQueueMetrics(List<Listener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (!KernelAcceptQueues.available()) {
			return;
		}
		boolean any = false;
		for (Listener listener : this.listeners) {
			for (ListenSocket socket : listener.sockets()) {
				// a unix socket's queue is not in the TCP tables
				if (socket.channel() instanceof ServerSocketChannel channel
						&& socket.addressInfo().family() != Family.UNIX) {
					OptionalLong inode = SocketInodes.of(channel);
					if (inode.isPresent()) {
						bind(registry, inode.getAsLong(), listener.options().backlog(), ListenerMetrics.tags(socket));
						any = true;
					}
				}
			}
		}
		if (any) {
			hostCounter(registry, "listener.accept.overflows", "ListenOverflows",
					"SYNs or handshakes dropped because an accept queue was full, on the whole host");
			hostCounter(registry, "listener.accept.drops", "ListenDrops",
					"Connections dropped by listen sockets for any reason, on the whole host");
		}
	}

	private void bind(MeterRegistry registry, long inode, @Nullable Integer backlog, Tags tags) {
		Gauge.builder("listener.accept.queue", this.kernel, (kernel) -> kernel.length(inode))
			.strongReference(true)
			.description("Connections waiting in the kernel's accept queue")
			.baseUnit(CONNECTIONS)
			.tags(tags)
			.register(registry);
		if (backlog != null) {
			long limit = KernelAcceptQueues.limit(backlog);
			Gauge.builder("listener.accept.queue.limit", () -> limit)
				.description("How many connections the accept queue holds: the backlog, capped at somaxconn")
				.baseUnit(CONNECTIONS)
				.tags(tags)
				.register(registry);
		}
	}

	private static void hostCounter(MeterRegistry registry, String name, String counter, String description) {
		FunctionCounter.builder(name, counter, KernelAcceptQueues::tcpExt)
			.description(description)
			.tags("scope", "host")
			.register(registry);
	}

}
