package dev.listener.engine.blocking;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.listener.engine.ListenerEvents;
import dev.listener.engine.SocketCounters;
import dev.listener.pipeline.Framing;
import dev.listener.socket.Hints;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SystemAddressResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The blocking engine owns a connection's read buffer: small while the connection waits, grown
 * with the bytes that arrive (at once to what the socket holds), and never to a length a header
 * only announces.
 */
class FramesBufferTests {

	private static final String HOST = "127.0.0.1";

	private Listener listener;

	@BeforeEach
	void open() throws Exception {
		this.listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", Hints.recipe(), HOST, "0", SocketOptions.defaults()));
	}

	@AfterEach
	void close() throws Exception {
		this.listener.close();
	}

	@Test
	void aLargeLineGrowsTheBufferAndAnIdleConnectionShrinksItBack() throws Exception {
		try (Socket client = new Socket(HOST, this.listener.port());
				BlockingConnection connection = BlockingConnection.accept(
						ListenerEvents.unserved(this.listener.sockets().get(0)), this.listener.sockets().get(0))) {
			Frames frames = new Frames(connection, new Framing(Framing.Type.LINE, 1024 * 1024));
			assertThat(frames.bufferSize()).isEqualTo(Frames.INITIAL_SIZE);
			byte[] line = new byte[200_001];
			Arrays.fill(line, (byte) 'a');
			line[200_000] = '\n';
			OutputStream out = client.getOutputStream();
			CompletableFuture<Void> written = CompletableFuture.runAsync(() -> write(out, line));
			ByteBuffer frame = frames.next();
			written.join();
			assertThat(frame.remaining()).isEqualTo(200_000);
			assertThat(frames.bufferSize()).isGreaterThanOrEqualTo(200_000);
			CompletableFuture<ByteBuffer> next = CompletableFuture.supplyAsync(() -> next(frames));
			await().atMost(Duration.ofSeconds(10)).until(() -> frames.bufferSize() == Frames.INITIAL_SIZE);
			write(out, "x\n".getBytes());
			assertThat(next.get().remaining()).isEqualTo(1);
		}
	}

	@Test
	void aLengthFieldAnnouncingMoreThanHasArrivedReservesNothingForIt() throws Exception {
		try (Socket client = new Socket(HOST, this.listener.port());
				BlockingConnection connection = BlockingConnection.accept(
						ListenerEvents.unserved(this.listener.sockets().get(0)), this.listener.sockets().get(0))) {
			Frames frames = new Frames(connection, new Framing(Framing.Type.LENGTH_FIELD, 64 * 1024 * 1024));
			write(client.getOutputStream(), ByteBuffer.allocate(9).putInt(64 * 1024 * 1024).put("start".getBytes()).array());
			CompletableFuture<ByteBuffer> next = CompletableFuture.supplyAsync(() -> next(frames));
			await().atMost(Duration.ofSeconds(10)).until(() -> SocketCounters.of(connection.listenSocket()).bytesReceived() == 9);
			assertThat(frames.bufferSize()).isEqualTo(Frames.INITIAL_SIZE);
			client.close();
			assertThat(next.get()).isNull();
		}
	}

	@Test
	void withoutFramingAMessageIsWhatHasArrivedReadWhole() throws Exception {
		try (Socket client = new Socket(HOST, this.listener.port());
				BlockingConnection connection = BlockingConnection.accept(
						ListenerEvents.unserved(this.listener.sockets().get(0)), this.listener.sockets().get(0))) {
			Frames frames = new Frames(connection, Framing.NONE);
			write(client.getOutputStream(), new byte[60_000]);
			await().atMost(Duration.ofSeconds(10)).until(() -> connection.available() == 60_000);
			ByteBuffer large = frames.next();
			assertThat(large.remaining()).isEqualTo(60_000);
			assertThat(large.isDirect()).as("a large message is read without a copy too").isTrue();
			write(client.getOutputStream(), new byte[100_000]);
			await().atMost(Duration.ofSeconds(10)).until(() -> connection.available() == 100_000);
			assertThat(frames.next().remaining()).as("at most 64 KB at once").isEqualTo(Frames.CHUNK_LIMIT);
			assertThat(frames.next().remaining()).isEqualTo(100_000 - Frames.CHUNK_LIMIT);
		}
	}

	@Test
	void withoutFramingNothingIsReadOnceTheBuffersAreGivenBack() throws Exception {
		try (Socket client = new Socket(HOST, this.listener.port());
				BlockingConnection connection = BlockingConnection.accept(
						ListenerEvents.unserved(this.listener.sockets().get(0)), this.listener.sockets().get(0))) {
			Frames frames = new Frames(connection, Framing.NONE);
			write(client.getOutputStream(), new byte[] { 1, 2, 3 });
			assertThat(frames.next().remaining()).isEqualTo(3);
			frames.release();
			frames.release();
			write(client.getOutputStream(), new byte[] { 4, 5, 6 });
			assertThatExceptionOfType(java.nio.channels.ClosedChannelException.class)
				.as("the buffer may be another connection's now").isThrownBy(frames::next);
		}
	}

	@Test
	void withoutFramingEachMessageIsADirectViewFromItsStartInBigEndianOrderHoweverTheHandlerLeftTheLastOne()
			throws Exception {
		try (Socket client = new Socket(HOST, this.listener.port());
				BlockingConnection connection = BlockingConnection.accept(
						ListenerEvents.unserved(this.listener.sockets().get(0)), this.listener.sockets().get(0))) {
			Frames frames = new Frames(connection, Framing.NONE);
			write(client.getOutputStream(), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
			ByteBuffer first = frames.next();
			assertThat(first.isDirect()).as("read without a copy through a temporary buffer").isTrue();
			assertThat(first.getLong(0)).isEqualTo(0x0102030405060708L);
			first.order(java.nio.ByteOrder.LITTLE_ENDIAN).position(3).limit(5).mark();
			write(client.getOutputStream(), new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 });
			ByteBuffer second = frames.next();
			assertThat(second.position()).isZero();
			assertThat(second.limit()).isEqualTo(8);
			assertThat(second.capacity()).isEqualTo(8);
			assertThat(second.order()).isEqualTo(java.nio.ByteOrder.BIG_ENDIAN);
			assertThat(second.getLong()).isEqualTo(0x0807060504030201L);
			assertThat(second.isReadOnly()).isFalse();
			assertThatExceptionOfType(java.nio.InvalidMarkException.class).as("no mark left from the last message")
				.isThrownBy(second::reset);
		}
	}

	private static void write(OutputStream out, byte[] bytes) {
		try {
			out.write(bytes);
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ByteBuffer next(Frames frames) {
		try {
			return frames.next();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
