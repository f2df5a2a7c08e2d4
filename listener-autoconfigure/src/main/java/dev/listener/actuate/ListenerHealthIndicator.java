package dev.listener.actuate;

import java.nio.channels.ServerSocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

import dev.listener.engine.ServingStates;
import dev.listener.engine.SocketCounters;
import dev.listener.socket.Addresses;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.SocketInodes;
import dev.listener.socket.SocketType;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one listener: UP while every socket is open (and its accept loop runs, when a
 * server engine reports one), DOWN with the reason otherwise. The details say what is bound and
 * how many connections it has taken (a dgram listener: how many datagrams; it has no backlog), and
 * the kernel's accept queue when it is filling up ({@link AcceptQueuePolicy}). A dead accept loop's
 * error is shown, not logged: the engine logs it once, probes would log it on every call.
 */
public class ListenerHealthIndicator implements HealthIndicator {

	private final Listener listener;

	private final ServingStates states;

	private final AcceptQueuePolicy acceptQueuePolicy;

	private final KernelAcceptQueues kernel = new KernelAcceptQueues();

	private final Map<ListenSocket, Long> inodes = new ConcurrentHashMap<>();

	/**
	 * Creates an indicator that shows the accept queue above 80% of its limit.
	 * @param listener the listener
	 * @param states tells what the engine serving the listener is doing
	 */
	public ListenerHealthIndicator(Listener listener, ServingStates states) {
		this(listener, states, AcceptQueuePolicy.DEFAULT);
	}

	/**
	 * Creates an indicator.
	 * @param listener the listener
	 * @param states tells what the engine serving the listener is doing
	 * @param acceptQueuePolicy when the kernel's accept queue shows, and with which status
	 */
	public ListenerHealthIndicator(Listener listener, ServingStates states, AcceptQueuePolicy acceptQueuePolicy) {
		this.listener = listener;
		this.states = states;
		this.acceptQueuePolicy = acceptQueuePolicy;
	}

	@Override
	public Health health() {
		Health.Builder builder = new Health.Builder();
		ListenerStatus status = ListenerStatus.of(this.listener, this.states);
		Throwable error = status.error();
		if (status.isUp()) {
			builder.up();
		}
		else if (error != null) {
			builder.down(error);
		}
		else {
			builder.down();
		}
		Hints hints = this.listener.spec().hints();
		builder.withDetail("family", Names.lower(hints.family()))
			.withDetail("socketType", Names.lower(hints.socketType()))
			.withDetail("protocol", Names.lower(hints.effectiveProtocol()))
			.withDetail("passive", hints.passive())
			.withDetail("boundAddresses", this.listener.boundAddresses().stream().map(Addresses::format).toList());
		boolean datagrams = hints.socketType() == SocketType.DGRAM;
		Integer backlog = this.listener.options().backlog();
		if (backlog != null && !datagrams) {
			// unknown for an inherited socket: the service manager chose it
			builder.withDetail("backlog", backlog);
		}
		builder.withDetail("state", status.stateName());
		if (datagrams) {
			builder.withDetail("datagrams", count("received", SocketCounters::datagramsReceived, "sent",
					SocketCounters::datagramsSent));
		}
		else {
			builder.withDetail("connections", count("accepted", SocketCounters::accepted, "active",
					SocketCounters::active));
		}
		if (status.reason() != null) {
			builder.withDetail("reason", status.reason());
		}
		if (status.isUp() && backlog != null && !datagrams) {
			acceptQueue(builder, backlog);
		}
		return builder.build();
	}

	/**
	 * Shows the kernel's accept queue when it is fuller than the policy's share of its limit: where
	 * connections wait when the listener stops accepting at connection.max, and where new ones are
	 * dropped once it is full. Linux only; elsewhere nothing shows.
	 */
	private void acceptQueue(Health.Builder builder, int backlog) {
		long limit = KernelAcceptQueues.limit(backlog);
		long waiting = 0;
		for (ListenSocket socket : this.listener.sockets()) {
			long inode = this.inodes.computeIfAbsent(socket, (key) -> (key.channel() instanceof ServerSocketChannel channel)
					? SocketInodes.of(channel).orElse(-1L) : Long.valueOf(-1L));
			double length = (inode >= 0) ? this.kernel.length(inode) : Double.NaN;
			if (!Double.isNaN(length)) {
				waiting = Math.max(waiting, (long) length);
			}
		}
		if (waiting > this.acceptQueuePolicy.threshold() * limit) {
			Map<String, Long> queue = new LinkedHashMap<>();
			queue.put("length", waiting);
			queue.put("limit", limit);
			builder.withDetail("acceptQueue", queue).status(this.acceptQueuePolicy.status());
		}
	}

	private Map<String, Long> count(String first, ToLongFunction<SocketCounters> firstCounter, String second,
			ToLongFunction<SocketCounters> secondCounter) {
		Map<String, Long> counts = new LinkedHashMap<>();
		counts.put(first, sum(firstCounter));
		counts.put(second, sum(secondCounter));
		return counts;
	}

	private long sum(ToLongFunction<SocketCounters> counter) {
		return this.listener.sockets().stream().map(SocketCounters::of).mapToLong(counter).sum();
	}

}
