package dev.listener.actuate;

import java.util.concurrent.atomic.AtomicInteger;

import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.Protocol;
import dev.listener.socket.SocketType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preferred source until it says it cannot be used here, then the fallback for good.
 */
class PreferredAcceptQueueSourceTests {

	@Test
	void readsThePreferredSourceAloneWhileItCanBeRead() throws Exception {
		Counting preferred = new Counting("preferred", new AcceptQueue(1, 4), false);
		Counting fallback = new Counting("fallback", new AcceptQueue(2, -1), false);
		PreferredAcceptQueueSource source = new PreferredAcceptQueueSource(preferred, fallback);
		try (Listener listener = TcpInfoAcceptQueuesTests.open(SocketType.STREAM, Protocol.TCP, 4)) {
			assertThat(source.read(listener.sockets().get(0))).isEqualTo(new AcceptQueue(1, 4));
			assertThat(source.read(listener.sockets().get(0))).isEqualTo(new AcceptQueue(1, 4));
		}
		assertThat(source.name()).isEqualTo("preferred");
		assertThat(preferred.reads).hasValue(2);
		assertThat(fallback.reads).hasValue(0);
	}

	@Test
	void oncePreferredSourceCannotBeUsedTheFallbackIsReadForGoodAndNamed() throws Exception {
		Counting preferred = new Counting("preferred", null, true);
		Counting fallback = new Counting("fallback", new AcceptQueue(2, -1), false);
		PreferredAcceptQueueSource source = new PreferredAcceptQueueSource(preferred, fallback);
		try (Listener listener = TcpInfoAcceptQueuesTests.open(SocketType.STREAM, Protocol.TCP, 4)) {
			for (int i = 0; i < 3; i++) {
				assertThat(source.read(listener.sockets().get(0))).isEqualTo(new AcceptQueue(2, -1));
			}
		}
		assertThat(source.name()).isEqualTo("fallback");
		assertThat(preferred.reads).hasValue(1);
		assertThat(fallback.reads).hasValue(3);
	}

	private static final class Counting implements AcceptQueueSource {

		private final String name;

		private final @Nullable AcceptQueue queue;

		private final boolean unsupported;

		private final AtomicInteger reads = new AtomicInteger();

		Counting(String name, @Nullable AcceptQueue queue, boolean unsupported) {
			this.name = name;
			this.queue = queue;
			this.unsupported = unsupported;
		}

		@Override
		public @Nullable AcceptQueue read(ListenSocket socket) {
			this.reads.incrementAndGet();
			if (this.unsupported) {
				throw new UnsupportedOperationException("not here");
			}
			return this.queue;
		}

		@Override
		public String name() {
			return this.name;
		}

	}

}
