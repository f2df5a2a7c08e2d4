package dev.listener.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.listener.engine.ServingStates;
import dev.listener.engine.SocketCounters;
import dev.listener.socket.Addresses;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.SocketType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one listener: UP while every socket is open (and its accept loop runs, when a
 * server engine reports one), DOWN with the reason otherwise. The details say what is bound and
 * how many connections it has taken (a dgram listener: how many datagrams; it has no backlog), and
 * the kernel's accept queue when it is filling up ({@link AcceptQueuePolicy}), read from each
 * socket's own {@code TCP_INFO}, so that a probe costs the same however many sockets the host has
 * in TIME_WAIT. A dead accept loop's error is shown, not logged: the engine logs it once, probes
 * would log it on every call.
 */
public class ListenerHealthIndicator implements HealthIndicator {

	private final Listener listener;

	private final ServingStates states;

	private final AcceptQueuePolicy acceptQueuePolicy;

	private final AcceptQueueSource acceptQueues;

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
		this(listener, states, acceptQueuePolicy, AcceptQueueSource.system());
	}

	ListenerHealthIndicator(Listener listener, ServingStates states, AcceptQueuePolicy acceptQueuePolicy,
			AcceptQueueSource acceptQueues) {
		this.listener = listener;
		this.states = states;
		this.acceptQueuePolicy = acceptQueuePolicy;
		this.acceptQueues = acceptQueues;
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
		if (status.isUp() && !datagrams) {
			acceptQueue(builder, backlog);
		}
		return builder.build();
	}

	/**
	 * Shows the kernel's accept queue of the fullest socket when it is fuller than the policy's
	 * share of its limit: where connections wait when the listener stops accepting at
	 * connection.max, and where new ones are dropped once it is full. Linux only; elsewhere nothing
	 * shows. The details name the source, {@code tcp_info} or the {@code /proc/net/tcp} fallback.
	 */
	private void acceptQueue(Health.Builder builder, @Nullable Integer backlog) {
		@Nullable AcceptQueue fullest = null;
		for (ListenSocket socket : this.listener.sockets()) {
			@Nullable AcceptQueue queue = this.acceptQueues.read(socket);
			if (queue == null) {
				continue;
			}
			if (queue.limit() < 0) {
				// the source does not say: the backlog as the kernel caps it, unless inherited
				queue = new AcceptQueue(queue.length(), (backlog != null) ? ProcNetAcceptQueues.limit(backlog) : 0);
			}
			if (queue.limit() > 0 && (fullest == null
					|| (double) queue.length() / queue.limit() > (double) fullest.length() / fullest.limit())) {
				fullest = queue;
			}
		}
		if (fullest != null && fullest.length() > this.acceptQueuePolicy.threshold() * fullest.limit()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("length", fullest.length());
			details.put("limit", fullest.limit());
			details.put("source", this.acceptQueues.name());
			builder.withDetail("acceptQueue", details).status(this.acceptQueuePolicy.status());
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
