package dev.listener.context;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import dev.listener.engine.blocking.ListenerServers;
import dev.listener.pipeline.Durations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Starts serving once the context has refreshed and stops before the beans are destroyed, in the
 * phase of Boot's web server graceful shutdown ({@code WebServerGracefulShutdownLifecycle}), so
 * that both drain together: a graceful stop holds the shutdown phase (up to
 * {@code spring.lifecycle.timeout-per-shutdown-phase}) until the open connections have finished.
 * Logs the line of each listener that no handler serves (it holds its sockets: what to declare to
 * serve it) as it starts, and a "stopped" line per listener once it has.
 * <p>
 * As the stop begins, readiness turns to {@link ReadinessState#REFUSING_TRAFFIC} where it still
 * accepts (a web application context has turned it already, as it closes), so that a balancer
 * checking readiness stops sending connections while a listener with a {@code shutdown-delay}
 * still accepts them. The delay runs in this phase, so it counts against the phase's timeout.
 */
public class ListenerServerBootstrap implements SmartLifecycle {

	/** The phase of Boot's {@code WebServerGracefulShutdownLifecycle}. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(ListenerServerBootstrap.class);

	private final ListenerServers servers;

	private final @Nullable ApplicationEventPublisher publisher;

	private final Supplier<@Nullable ReadinessState> readiness;

	/**
	 * Creates a bootstrap that leaves readiness alone.
	 * @param servers the engine
	 */
	public ListenerServerBootstrap(ListenerServers servers) {
		this(servers, null, () -> null);
	}

	/**
	 * Creates a bootstrap that turns readiness to refusing as it stops.
	 * @param servers the engine
	 * @param publisher publishes the {@link AvailabilityChangeEvent}
	 * @param readiness the readiness state now, {@code null} where nothing keeps it or none was published
	 */
	public ListenerServerBootstrap(ListenerServers servers, @Nullable ApplicationEventPublisher publisher,
			Supplier<@Nullable ReadinessState> readiness) {
		this.servers = servers;
		this.publisher = publisher;
		this.readiness = readiness;
	}

	@Override
	public void start() {
		this.servers.start();
		if (logger.isInfoEnabled()) {
			// beside the listener's "bound to" line: no engine serves it, so no engine's logger says so
			this.servers.unserved().forEach(logger::info);
		}
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public void stop(Runnable callback) {
		long start = System.nanoTime();
		refuseTraffic();
		this.servers.stop(() -> {
			logStopped(Duration.ofNanos(System.nanoTime() - start).truncatedTo(ChronoUnit.MILLIS));
			callback.run();
		});
	}

	private void refuseTraffic() {
		if (this.publisher == null) {
			return;
		}
		if (this.readiness.get() != ReadinessState.REFUSING_TRAFFIC) {
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
		if (!this.servers.shutdownDelay().isZero() && logger.isInfoEnabled()) {
			logger.info("Readiness is REFUSING_TRAFFIC as the shutdown begins: balancers checking it stop sending "
					+ "connections while the listeners with a shutdown-delay still accept them");
		}
	}

	private void logStopped(Duration took) {
		if (logger.isInfoEnabled()) {
			for (String name : this.servers.states().keySet()) {
				logger.info("Listener '" + name + "' stopped (in " + Durations.format(took) + ")");
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.servers.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
