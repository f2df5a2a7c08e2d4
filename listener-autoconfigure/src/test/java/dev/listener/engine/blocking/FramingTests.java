package dev.listener.engine.blocking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.engine.CloseReason;
import dev.listener.engine.SocketCounters;
import dev.listener.pipeline.FrameRejection;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code listener.framing.*} on real loopback connections, through the auto-configuration: each
 * type round trip, frames split across writes, the limit. The handlers echo frames, so a frame
 * split or merged by the server comes back with line ends or length fields in other places. One
 * subclass per engine.
 */
public abstract class FramingTests {

	static final String HOST = "127.0.0.1";

	/** @return the runner of the engine under test, on port 0 */
	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
			.withPropertyValues("listener.port=0", "listener.host=" + HOST);
	}

	/** @return the runner with a handler that writes back each frame it reads, as a frame */
	protected abstract ApplicationContextRunner frameEcho(ApplicationContextRunner runner);

	/** @return the handlers of the engine under test, for datagrams */
	protected abstract TestHandlers handlers();

	@ParameterizedTest
	@CsvSource({ "lf, '\n'", "crlf, '\r\n'" })
	void linesComeBackWithTheConfiguredLineEnding(String lineEnding, String written) {
		frameEcho(runner()).withPropertyValues("listener.framing.type=line", "listener.framing.line-ending=" + lineEnding)
			.run((context) -> {
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					// either ending is read, the CR dropped
					client.send("one\ntwo\r\n");
					String expected = "one" + written + "two" + written;
					assertThat(client.receive(expected.length())).isEqualTo(expected);
				}
			});
	}

	@Test
	void aLineSplitAcrossOneByteWritesArrivesWhole() {
		frameEcho(runner()).withPropertyValues("listener.framing.type=line").run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				client.socket().setTcpNoDelay(true);
				String line = "a line written one byte at a time\n";
				for (char c : line.toCharArray()) {
					client.send(String.valueOf(c));
				}
				assertThat(client.receive(line.length())).isEqualTo(line);
			}
		});
	}

	@Test
	void aLengthFieldFrameSplitAcrossOneByteWritesArrivesWhole() {
		frameEcho(runner()).withPropertyValues("listener.framing.type=length-field").run((context) -> {
			byte[] frame = frame("length-field", "split in ten".getBytes(StandardCharsets.UTF_8));
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				client.socket().setTcpNoDelay(true);
				for (byte b : frame) {
					client.socket().getOutputStream().write(b);
				}
				assertThat(client.socket().getInputStream().readNBytes(frame.length)).isEqualTo(frame);
			}
		});
	}

	@Test
	void aNamedListenerFramesAsItsOwnPropertiesSay() {
		frameEcho(runner()).withPropertyValues("listener.sockets.game.port=0", "listener.sockets.game.host=" + HOST,
				"listener.sockets.game.framing.type=delimiter", "listener.sockets.game.framing.delimiter=;")
			.run((context) -> {
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					client.send("move;jump;");
					assertThat(client.receive("move;jump;".length())).isEqualTo("move;jump;");
				}
				assertThat(context.getBean(Listener.class).name()).isEqualTo("game");
			});
	}

	@Test
	void aLengthCountingLessThanItsOwnFieldClosesThatConnectionCountedMalformed() {
		frameEcho(runner())
			.withPropertyValues("listener.framing.type=length-field", "listener.framing.length-field.includes-length=true")
			.run((context) -> {
				// 2: shorter than the 4-byte field it should count
				assertRefused(context, new byte[] { 0, 0, 0, 2, 'x', 'y' }, FrameRejection.MALFORMED,
						CloseReason.REJECTED);
				try (EchoClient next = new EchoClient(HOST, port(context))) {
					next.socket().getOutputStream().write(new byte[] { 0, 0, 0, 6, 'x', 'y' });
					assertThat(next.receive(6)).isEqualTo("\0\0\0\6xy");
				}
			});
	}

	@ParameterizedTest(name = "includes its length: {0}")
	@ValueSource(booleans = { false, true })
	void anEightByteLengthPastLongMaxValueIsCountedTooLongNotMalformed(boolean includesLength) {
		frameEcho(runner())
			.withPropertyValues("listener.framing.type=length-field", "listener.framing.length-field.length=8",
					"listener.framing.length-field.includes-length=" + includesLength)
			.run((context) -> {
				// unsigned 2^64 - 2: negative as a Java long, and far over any limit
				assertRefused(context, new byte[] { -1, -1, -1, -1, -1, -1, -1, -2, 'x', 'y' }, FrameRejection.TOO_LONG,
						CloseReason.LIMIT);
			});
	}

	/** Sends the bytes; the server closes without echoing, counting the frame and the close. */
	private static void assertRefused(AssertableApplicationContext context, byte[] bytes, FrameRejection rejection,
			CloseReason closed) throws IOException {
		try (EchoClient client = new EchoClient(HOST, port(context))) {
			client.socket().getOutputStream().write(bytes);
			assertThat(readUntilClosed(client)).isZero();
		}
		SocketCounters counters = counters(context);
		await().untilAsserted(() -> assertThat(counters.closed(closed)).isEqualTo(1));
		assertThat(counters.framesRejected(rejection)).isEqualTo(1);
		assertThat(counters.framesRejected()).isEqualTo(1);
		assertThat(counters.handlerErrors()).isZero();
	}

	@ParameterizedTest(name = "{0}-byte {1} field, includes its length: {2}")
	@CsvSource({ "1, big-endian, false", "1, little-endian, true", "2, big-endian, false", "2, little-endian, false",
			"2, big-endian, true", "4, big-endian, false", "4, little-endian, false", "4, little-endian, true",
			"8, big-endian, false", "8, little-endian, false", "8, big-endian, true" })
	void lengthFieldFramesComeBackWithTheSameField(int length, String byteOrder, boolean includesLength) {
		frameEcho(runner())
			.withPropertyValues("listener.framing.type=length-field", "listener.framing.max-frame-size=200B",
					"listener.framing.length-field.length=" + length,
					"listener.framing.length-field.byte-order=" + byteOrder,
					"listener.framing.length-field.includes-length=" + includesLength)
			.run((context) -> {
				ByteOrder order = byteOrder.equals("big-endian") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
				// two frames in one write: the server splits them by their fields
				byte[] frames = concat(lengthField("first", length, order, includesLength),
						lengthField("second frame", length, order, includesLength));
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					client.socket().getOutputStream().write(frames);
					assertThat(client.socket().getInputStream().readNBytes(frames.length)).isEqualTo(frames);
				}
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "||", "\0", "\r\n" })
	void delimitedFramesComeBackWithTheDelimiter(String delimiter) {
		// as YAML gives it: withPropertyValues would trim the white space
		Map<String, Object> properties = Map.of("listener.framing.delimiter", delimiter);
		frameEcho(runner()).withPropertyValues("listener.framing.type=delimiter")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("yaml", properties)))
			.run((context) -> {
				String frames = "one" + delimiter + "two" + delimiter;
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					client.send(frames);
					assertThat(client.receive(frames.length())).isEqualTo(frames);
				}
			});
	}

	@ParameterizedTest
	@CsvSource({ "line, '\n'", "delimiter, '||'" })
	void aFrameExactlyAtTheLimitPasses(String type, String end) {
		frameEcho(runner())
			.withPropertyValues("listener.framing.type=" + type, "listener.framing.delimiter=||",
					"listener.framing.max-frame-size=1KB")
			.run((context) -> {
				String frame = "x".repeat(1024) + end;
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					client.send(frame);
					assertThat(client.receive(frame.length())).isEqualTo(frame);
				}
				assertThat(counters(context).framesRejected()).isZero();
			});
	}

	@ParameterizedTest
	@CsvSource({ "line", "delimiter", "length-field" })
	void aFrameOneByteOverTheLimitClosesThatConnectionOnly(String type) {
		frameEcho(runner())
			.withPropertyValues("listener.framing.type=" + type, "listener.framing.delimiter=||",
					"listener.framing.max-frame-size=1KB")
			.run((context) -> {
				SocketCounters counters = counters(context);
				byte[] small = frame(type, "still served".getBytes(StandardCharsets.UTF_8));
				try (EchoClient other = new EchoClient(HOST, port(context));
						EchoClient client = new EchoClient(HOST, port(context))) {
					client.socket().getOutputStream().write(frame(type, "y".repeat(1025).getBytes(StandardCharsets.UTF_8)));
					assertThat(readUntilClosed(client)).as("bytes echoed before the close").isZero();
					other.socket().getOutputStream().write(small);
					assertThat(other.socket().getInputStream().readNBytes(small.length)).isEqualTo(small);
				}
				await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(2));
				assertThat(counters.framesRejected()).isEqualTo(1);
				assertThat(counters.closed(CloseReason.LIMIT)).isEqualTo(1);
				assertThat(counters.handlerErrors()).isZero();
			});
	}

	@Test
	void aDatagramOverTheLimitIsDroppedAndCounted() {
		handlers().datagramEcho(runner())
			.withPropertyValues("listener.socket-type=dgram", "listener.protocol=udp", "listener.framing.type=line",
					"listener.framing.max-frame-size=100B")
			.run((context) -> {
				try (DatagramSocket client = new DatagramSocket()) {
					client.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
					client.connect(InetAddress.getByName(HOST), port(context));
					client.send(new DatagramPacket(new byte[101], 101));
					byte[] atTheLimit = new byte[100];
					Arrays.fill(atTheLimit, (byte) 'z');
					client.send(new DatagramPacket(atTheLimit, 100));
					// the socket handles datagrams in order: the one over the limit was dropped first
					DatagramPacket reply = new DatagramPacket(new byte[200], 200);
					client.receive(reply);
					assertThat(Arrays.copyOf(reply.getData(), reply.getLength())).isEqualTo(atTheLimit);
				}
				SocketCounters counters = counters(context);
				assertThat(counters.framesRejected()).isEqualTo(1);
				assertThat(counters.datagramsReceived()).isEqualTo(2);
				// counted once sent: maybe after the client has the reply
				await().untilAsserted(() -> assertThat(counters.datagramsSent()).isEqualTo(1));
			});
	}

	/** @return a frame of the type, as a client writes it (length field: 4 bytes, big-endian) */
	static byte[] frame(String type, byte[] payload) {
		return switch (type) {
			case "line" -> concat(payload, "\n".getBytes(StandardCharsets.US_ASCII));
			case "delimiter" -> concat(payload, "||".getBytes(StandardCharsets.US_ASCII));
			default -> lengthField(payload, 4, ByteOrder.BIG_ENDIAN, false);
		};
	}

	private static byte[] lengthField(String payload, int length, ByteOrder order, boolean includesLength) {
		return lengthField(payload.getBytes(StandardCharsets.UTF_8), length, order, includesLength);
	}

	private static byte[] lengthField(byte[] payload, int length, ByteOrder order, boolean includesLength) {
		long value = payload.length + (includesLength ? length : 0);
		ByteBuffer field = ByteBuffer.allocate(8).order(order).putLong(value);
		// the low-order bytes of the long: the last ones big-endian, the first ones little-endian
		byte[] bytes = (order == ByteOrder.BIG_ENDIAN) ? Arrays.copyOfRange(field.array(), 8 - length, 8)
				: Arrays.copyOf(field.array(), length);
		return concat(bytes, payload);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	/**
	 * Reads until the server closes the connection: the end of the stream, or a reset when it closed
	 * with bytes unread; a timeout fails.
	 * @return how many bytes came before
	 */
	static int readUntilClosed(EchoClient client) throws IOException {
		InputStream in = client.socket().getInputStream();
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		try {
			for (int next = in.read(); next >= 0; next = in.read()) {
				read.write(next);
			}
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("the server did not close the connection", ex);
		}
		catch (SocketException ex) {
			// reset: the server closed with the rest of the frame unread
		}
		return read.size();
	}

	static SocketCounters counters(AssertableApplicationContext context) {
		return SocketCounters.of(context.getBean(Listener.class).sockets().get(0));
	}

	static int port(AssertableApplicationContext context) {
		return context.getBean(Listener.class).port();
	}

}
