package dev.listener.actuate;

import java.util.List;

import dev.listener.pipeline.ClientLimits;
import dev.listener.pipeline.ClientLimitsByListener;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Listener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the meters of the listeners' limits ({@code listener.limits.*}), for each listener with a
 * limit on: tagged with the listener's name and, for what exceeded a limit, the bounded reason;
 * never with a client. The refusals themselves are counted with the other connections, in
 * {@code listener.connections.rejected}.
 */
public class ClientLimitsMetrics implements MeterBinder {

	private final List<Listener> listeners;

	private final ClientLimitsByListener limits;

	/**
	 * Creates a binder.
	 * @param listeners the listeners to measure
	 * @param limits the limits of each
	 */
	public ClientLimitsMetrics(List<Listener> listeners, ClientLimitsByListener limits) {
		this.listeners = List.copyOf(listeners);
		this.limits = limits;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (Listener listener : this.listeners) {
			ClientLimits limits = this.limits.of(listener.name());
			if (!limits.isOn()) {
				continue;
			}
			Tags tags = Tags.of("listener", listener.name());
			for (RejectReason reason : List.of(RejectReason.CLIENT_CONNECTIONS, RejectReason.CLIENT_RATE)) {
				FunctionCounter.builder("listener.limits.exceeded", limits, (l) -> l.exceeded(reason))
					.description("Connections over a per-client limit: refused, or served with limits.dry-run")
					.tags(tags.and("reason", Names.lower(reason)))
					.register(registry);
			}
			Gauge.builder("listener.limits.clients", limits, ClientLimits::clients)
				.description("Clients in the listener's table of clients")
				.tags(tags)
				.register(registry);
			FunctionCounter.builder("listener.limits.clients.evicted", limits, ClientLimits::evicted)
				.description("Clients that made room for another in the full table of clients")
				.tags(tags)
				.register(registry);
			FunctionCounter.builder("listener.limits.accept.pauses", limits, ClientLimits::acceptPauses)
				.description("Times the listener paused accepting for limits.max-accept-rate")
				.tags(tags)
				.register(registry);
		}
	}

}
