package dev.listener.context;

import java.nio.channels.ServerSocketChannel;
import java.util.List;

import dev.listener.socket.Addresses;
import dev.listener.socket.Listener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the listeners with the context: their sockets are bound while the context refreshes, and
 * once it has, a {@link ListenerInitializedEvent} tells their ports.
 */
public class ListenerBootstrap implements SmartLifecycle {

	/** The phase of Boot's web server start-stop lifecycle: start late, stop early. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private static final Log logger = LogFactory.getLog(ListenerBootstrap.class);

	private final ApplicationEventPublisher publisher;

	private final List<Listener> listeners;

	private final ReusePortHandover handover;

	private volatile boolean running;

	/**
	 * Creates a bootstrap.
	 * @param publisher publishes the events
	 * @param listeners the listeners
	 */
	public ListenerBootstrap(ApplicationEventPublisher publisher, List<Listener> listeners) {
		this(publisher, listeners, new ReusePortHandover(ReusePortHandover.SYSCTL));
	}

	ListenerBootstrap(ApplicationEventPublisher publisher, List<Listener> listeners, ReusePortHandover handover) {
		this.publisher = publisher;
		this.listeners = List.copyOf(listeners);
		this.handover = handover;
	}

	@Override
	public void start() {
		this.running = true;
		for (Listener listener : this.listeners) {
			if (logger.isInfoEnabled()) {
				Integer backlog = listener.options().backlog();
				logger.info("Listener '" + listener.name() + "' " + ((listener.inheritedFrom() != null) ? "inherited from " + listener.inheritedFrom() + ": " : "bound to ")
						+ listener.spec().hints().network() + " "
						+ String.join(", ", listener.boundAddresses().stream().map(Addresses::format).toList())
						+ ((listener.sockets().get(0).channel() instanceof ServerSocketChannel && backlog != null)
								? " (backlog " + backlog + ")" : ""));
			}
			this.handover.check(listener);
			this.publisher.publishEvent(new ListenerInitializedEvent(listener));
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
