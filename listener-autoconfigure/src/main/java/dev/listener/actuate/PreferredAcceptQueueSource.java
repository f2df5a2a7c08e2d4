package dev.listener.actuate;

import java.util.function.Function;

import dev.listener.socket.ListenSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A source that reads from its preferred source until that says it cannot be used here, and from
 * its fallback from then on: a platform's abilities do not change while the process runs.
 */
final class PreferredAcceptQueueSource implements AcceptQueueSource {

	static final AcceptQueueSource SYSTEM = new PreferredAcceptQueueSource(new TcpInfoAcceptQueues(),
			ProcNetAcceptQueues.SHARED);

	private static final Log logger = LogFactory.getLog(PreferredAcceptQueueSource.class);

	private final AcceptQueueSource preferred;

	private final AcceptQueueSource fallback;

	private volatile boolean fallen;

	PreferredAcceptQueueSource(AcceptQueueSource preferred, AcceptQueueSource fallback) {
		this.preferred = preferred;
		this.fallback = fallback;
	}

	@Override
	public @Nullable AcceptQueue read(ListenSocket socket) {
		return fromEither((source) -> source.read(socket));
	}

	@Override
	public boolean reads(ListenSocket socket) {
		return fromEither((source) -> source.reads(socket));
	}

	private <T extends @Nullable Object> T fromEither(Function<AcceptQueueSource, T> call) {
		if (!this.fallen) {
			try {
				return call.apply(this.preferred);
			}
			catch (UnsupportedOperationException ex) {
				this.fallen = true;
				logger.debug("Accept queues are read from " + this.fallback.name() + ", since "
						+ this.preferred.name() + " cannot be read: " + ex.getMessage());
			}
		}
		return call.apply(this.fallback);
	}

	@Override
	public String name() {
		return this.fallen ? this.fallback.name() : this.preferred.name();
	}

}
