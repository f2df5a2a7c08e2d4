package dev.listener.context;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import dev.listener.engine.blocking.ListenerServers;
import dev.listener.pipeline.Durations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Starts serving once the context has refreshed and stops before the beans are destroyed, in the
 * phase of Boot's web server graceful shutdown ({@code WebServerGracefulShutdownLifecycle}), so
 * that both drain together: a graceful stop holds the shutdown phase (up to
 * {@code spring.lifecycle.timeout-per-shutdown-phase}) until the open connections have finished.
 * Logs a "stopped" line per listener once it has.
 */
public class ListenerServerBootstrap implements SmartLifecycle {

	/** The phase of Boot's {@code WebServerGracefulShutdownLifecycle}. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(ListenerServerBootstrap.class);

	private final ListenerServers servers;

	/**
	 * Creates a bootstrap.
	 * @param servers the engine
	 */
	public ListenerServerBootstrap(ListenerServers servers) {
		this.servers = servers;
	}

	@Override
	public void start() {
		this.servers.start();
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public void stop(Runnable callback) {
		long start = System.nanoTime();
		this.servers.stop(() -> {
			logStopped(Duration.ofNanos(System.nanoTime() - start).truncatedTo(ChronoUnit.MILLIS));
			callback.run();
		});
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
