package dev.listener.server;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;

/** Framing on the blocking engine: {@code readFrame} and {@code writeFrame}. */
class BlockingFramingTests extends FramingTests {

	/** Writes back each frame it reads, until the peer closes. */
	static final ConnectionHandler FRAME_ECHO = (connection) -> {
		for (byte[] frame = connection.readFrame(); frame != null; frame = connection.readFrame()) {
			connection.writeFrame(frame);
		}
	};

	@Override
	protected ApplicationContextRunner frameEcho(ApplicationContextRunner runner) {
		return runner.withBean(ConnectionHandler.class, () -> FRAME_ECHO);
	}

	@Override
	protected TestHandlers handlers() {
		return TestHandlers.BLOCKING;
	}

	@Test
	void writingAFrameTooLongForItsLengthFieldIsRefused() {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		ConnectionHandler writing = (connection) -> {
			try {
				connection.writeFrame(new byte[256]);
			}
			catch (IllegalArgumentException ex) {
				failure.set(ex);
			}
		};
		runner().withPropertyValues("listener.framing.type=length-field", "listener.framing.length-field.length=1",
				"listener.framing.max-frame-size=255B")
			.withBean(ConnectionHandler.class, () -> writing)
			.run((context) -> {
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					await().untilAtomic(failure, notNullValue());
					assertThat(readUntilClosed(client)).as("bytes written").isZero();
				}
				assertThat(failure.get()).hasMessageContaining("256 bytes is too long for a 1-byte length field");
			});
	}

	@Test
	void readingAFrameWithoutFramingSaysWhatToSet() {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		ConnectionHandler reading = (connection) -> {
			try {
				connection.readFrame();
			}
			catch (IllegalStateException ex) {
				failure.set(ex);
			}
		};
		runner().withBean(ConnectionHandler.class, () -> reading).run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				await().untilAtomic(failure, notNullValue());
			}
			assertThat(failure.get()).hasMessageContaining("listener.framing.type");
		});
	}

}
