package dev.listener.engine.blocking;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicReference;

import dev.listener.engine.CloseReason;
import dev.listener.engine.SocketCounters;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.FrameTooLongException;
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
	void aHandlerThatReadsOnAfterAFrameTooLongGetsAClosedChannelAndTheFrameIsCountedOnce() {
		AtomicReference<Throwable> second = new AtomicReference<>();
		ConnectionHandler readingOn = (connection) -> {
			try {
				connection.readFrame();
			}
			catch (FrameTooLongException ex) {
				try {
					connection.readFrame();
				}
				catch (IOException again) {
					second.set(again);
				}
			}
		};
		runner().withPropertyValues("listener.framing.type=line", "listener.framing.max-frame-size=8B")
			.withBean(ConnectionHandler.class, () -> readingOn)
			.run((context) -> {
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					client.send("far longer than eight bytes\n");
					await().untilAtomic(second, notNullValue());
				}
				assertThat(second.get()).isInstanceOf(ClosedChannelException.class);
				SocketCounters counters = counters(context);
				await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
				assertThat(counters.framesRejected()).isEqualTo(1);
				assertThat(counters.closed(CloseReason.LIMIT)).isEqualTo(1);
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
