package dev.listener.engine.blocking;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.listener.engine.CloseReason;
import dev.listener.engine.ConnectionObserver;
import dev.listener.engine.ConnectionView;
import dev.listener.engine.ServingState;
import dev.listener.engine.SocketCounters;
import dev.listener.handler.MessageHandler;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A unix listener served like a TCP one, through the auto-configuration: echoed with the TCP
 * settings on (a unix connection has neither TCP_NODELAY nor SO_KEEPALIVE, so neither is asked of
 * it), counted, held at the connection limit, closed when idle, framed, and its socket file's
 * permissions, stale-file replacement and removal at stop the same whichever engine serves it. One
 * subclass per engine. A unix channel has no read timeout: every read is bounded by
 * {@code assertTimeoutPreemptively}, so that a connection the engine dropped fails the test.
 */
public abstract class UnixServingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	/** @return the runner of the engine under test, on port 0, its engine fixed */
	protected abstract ApplicationContextRunner runner();

	/** @return the handlers of the engine under test */
	protected abstract TestHandlers handlers();

	/** @return the engine's name as {@code ListenerServers.engine} says it, such as {@code netty (epoll)} */
	protected abstract String engine();

	private Path path() {
		return this.directory.resolve("echo.sock");
	}

	private ApplicationContextRunner unixEcho() {
		return handlers().echo(runner(), "echo")
			.withPropertyValues("listener.family=unix", "listener.path=" + path());
	}

	@Test
	void unixConnectionsAreEchoedWithTcpSettingsOnAndCounted() {
		unixEcho().withPropertyValues("listener.connection.tcp-no-delay=true", "listener.connection.keep-alive=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Listener listener = context.getBean(Listener.class);
				assertThat(context.getBean(ListenerServers.class).engine(listener)).isEqualTo(engine());
				for (int i = 0; i < 2; i++) {
					assertThat(roundTrip("hello " + i)).isEqualTo("hello " + i);
				}
				SocketCounters counters = SocketCounters.of(listener.sockets().get(0));
				await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(2));
				assertThat(counters.accepted()).isEqualTo(2);
				assertThat(counters.bytesReceived()).isEqualTo(14);
				assertThat(counters.bytesSent()).isEqualTo(14);
				assertThat(counters.closed(CloseReason.EOF)).isEqualTo(2);
				assertThat(counters.handlerErrors()).isZero();
				assertThat(context.getBean(ListenerServers.class).states()).containsEntry("default", ServingState.RUNNING);
			});
	}

	@Test
	void theSocketFileHasItsPermissionsWhileServingAndIsRemovedAtStop() {
		unixEcho().withPropertyValues("listener.permissions=rw-------").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path()))).isEqualTo("rw-------");
			assertThat(roundTrip("served")).isEqualTo("served");
		});
		assertThat(path()).doesNotExist();
	}

	@Test
	void aStaleSocketFileIsReplacedAndServed() throws IOException {
		try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			// closing leaves the file behind, as a killed process does
			stale.bind(UnixDomainSocketAddress.of(path()));
		}
		assertThat(path()).exists();
		unixEcho().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(roundTrip("after the stale file")).isEqualTo("after the stale file");
		});
		assertThat(path()).doesNotExist();
	}

	/** A file another process bound at the path since is not this listener's to remove. */
	@Test
	void aSocketFileThatReplacedTheListenersIsLeftAtStop() throws IOException {
		try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			unixEcho().run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(roundTrip("before")).isEqualTo("before");
				Files.delete(path());
				other.bind(UnixDomainSocketAddress.of(path()));
			});
			assertThat(path()).exists();
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path()))) {
				assertThat(client.isConnected()).isTrue();
			}
		}
	}

	@Test
	void aConnectionOverTheLimitWaitsAndIsServedWhenOneCloses() {
		unixEcho().withPropertyValues("listener.connection.max=1").run((context) -> {
			assertThat(context).hasNotFailed();
			SocketCounters counters = SocketCounters.of(context.getBean(Listener.class).sockets().get(0));
			try (SocketChannel first = connect()) {
				assertThat(roundTrip(first, "first")).isEqualTo("first");
				try (SocketChannel second = connect()) {
					send(second, "second");
					// connected in the backlog, not accepted: nothing comes back while the first is open
					second.configureBlocking(false);
					try (Selector selector = Selector.open()) {
						second.register(selector, SelectionKey.OP_READ);
						assertThat(selector.select(300)).isZero();
						selector.selectedKeys().clear();
						assertThat(counters.accepted()).isEqualTo(1);
						first.close();
						assertThat(selector.select(TIMEOUT.toMillis())).isOne();
					}
					second.configureBlocking(true);
					assertThat(receive(second, 6)).isEqualTo("second");
					assertThat(counters.accepted()).isEqualTo(2);
				}
			}
		});
	}

	@Test
	void anIdleUnixConnectionIsClosedAtTheIdleTimeout() {
		unixEcho().withPropertyValues("listener.connection.idle-timeout=200ms").run((context) -> {
			assertThat(context).hasNotFailed();
			SocketCounters counters = SocketCounters.of(context.getBean(Listener.class).sockets().get(0));
			try (SocketChannel client = connect()) {
				assertThat(assertTimeoutPreemptively(TIMEOUT, () -> client.read(ByteBuffer.allocate(1)))).isEqualTo(-1);
			}
			await().untilAsserted(() -> assertThat(counters.closed(CloseReason.IDLE)).isEqualTo(1));
		});
	}

	/** The hooks see the peer as the JDK's unix address on every engine (epoll has its own type). */
	@Test
	void theHooksSeeAnUnnamedClientAsAnEmptyUnixPathWithTheListenersPath() {
		List<ConnectionView> closed = new CopyOnWriteArrayList<>();
		ConnectionObserver observer = (opened) -> new ConnectionObserver.Handle() {

			@Override
			public void closed(ConnectionView connection) {
				closed.add(connection);
			}

		};
		unixEcho().withBean(ConnectionObserver.class, () -> observer).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(roundTrip("seen")).isEqualTo("seen");
			await().untilAsserted(() -> assertThat(closed).hasSize(1));
			ConnectionView connection = closed.get(0);
			assertThat(connection.network()).isEqualTo("unix");
			assertThat(connection.remoteAddress()).isEqualTo(UnixDomainSocketAddress.of(""));
			assertThat(connection.clientAddress()).isEqualTo(UnixDomainSocketAddress.of(""));
			assertThat(connection.localAddress()).isEqualTo(UnixDomainSocketAddress.of(path()));
			assertThat(connection.closeReason()).isEqualTo(CloseReason.EOF);
		});
	}

	/** Line frames on unix, through the one {@link MessageHandler} that runs on every engine. */
	@Test
	void lineFramesAreEchoedOneByOneByAMessageHandler() {
		List<SocketAddress> addresses = new CopyOnWriteArrayList<>();
		MessageHandler echo = (message, context) -> {
			addresses.addAll(List.of(context.remoteAddress(), context.peerAddress(), context.localAddress()));
			context.reply(message);
		};
		runner().withBean(MessageHandler.class, () -> echo)
			.withPropertyValues("listener.family=unix", "listener.path=" + path(), "listener.framing.type=line")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(engine(context)).isEqualTo(engine());
				try (SocketChannel client = connect()) {
					send(client, "one\ntw");
					send(client, "o\n");
					assertThat(receive(client, 8)).isEqualTo("one\ntwo\n");
				}
				SocketCounters counters = SocketCounters.of(context.getBean(Listener.class).sockets().get(0));
				await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
				assertThat(counters.handlerErrors()).isZero();
				// the JDK's unix address on every engine, as the hooks see it
				assertThat(addresses).hasSize(6)
					.containsOnly(UnixDomainSocketAddress.of(""), UnixDomainSocketAddress.of(path()));
				assertThat(addresses.get(2)).isEqualTo(UnixDomainSocketAddress.of(path()));
			});
	}

	private static String engine(AssertableApplicationContext context) {
		return context.getBean(ListenerServers.class).engine(context.getBean(Listener.class));
	}

	private SocketChannel connect() throws IOException {
		return SocketChannel.open(UnixDomainSocketAddress.of(path()));
	}

	private String roundTrip(String text) throws IOException {
		try (SocketChannel client = connect()) {
			return roundTrip(client, text);
		}
	}

	private static String roundTrip(SocketChannel client, String text) throws IOException {
		send(client, text);
		return receive(client, text.length());
	}

	private static void send(SocketChannel client, String text) throws IOException {
		ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
		while (bytes.hasRemaining()) {
			client.write(bytes);
		}
	}

	private static String receive(SocketChannel client, int length) {
		return assertTimeoutPreemptively(TIMEOUT, () -> {
			ByteBuffer echo = ByteBuffer.allocate(length);
			while (echo.hasRemaining() && client.read(echo) >= 0) {
				// read the whole echo
			}
			return new String(echo.array(), 0, echo.position(), StandardCharsets.US_ASCII);
		});
	}

}
