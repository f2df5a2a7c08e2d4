package dev.listener.context;

import dev.listener.engine.blocking.ListenerServers;

import org.springframework.context.SmartLifecycle;

/**
 * Starts serving once the context has refreshed and stops before the beans are destroyed, in the
 * phase of Boot's web server graceful shutdown ({@code WebServerGracefulShutdownLifecycle}), so
 * that both drain together: a graceful stop holds the shutdown phase (up to
 * {@code spring.lifecycle.timeout-per-shutdown-phase}) until the open connections have finished.
 */
public class ListenerServerBootstrap implements SmartLifecycle {

	/** The phase of Boot's {@code WebServerGracefulShutdownLifecycle}. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

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
		this.servers.stop(() -> {
		});
	}

	@Override
	public void stop(Runnable callback) {
		this.servers.stop(callback);
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
