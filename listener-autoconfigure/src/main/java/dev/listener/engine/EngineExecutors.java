package dev.listener.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * How an engine lets go of the executor its handlers ran on, for engines, not applications: a pool
 * is shut down now (its threads are interrupted), anything else that can be closed is closed.
 */
public final class EngineExecutors {

	private static final Log logger = LogFactory.getLog(EngineExecutors.class);

	private EngineExecutors() {
	}

	/**
	 * Shuts an executor down or closes it; a failure to close is logged at DEBUG.
	 * @param executor the executor, or {@code null} for none
	 * @param owner what it ran handlers for, for the log: {@code listener 'game'}
	 */
	public static void close(@Nullable Executor executor, String owner) {
		if (executor instanceof ExecutorService service) {
			service.shutdownNow();
		}
		else if (executor instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.debug("Failed to close the executor of " + owner, ex);
			}
		}
	}

}
