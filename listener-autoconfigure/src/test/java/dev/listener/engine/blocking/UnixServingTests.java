package dev.listener.engine.blocking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import dev.listener.engine.ServerSettings;
import dev.listener.engine.ServingState;
import dev.listener.engine.Shutdown;
import dev.listener.engine.SocketCounters;
import dev.listener.socket.Family;
import dev.listener.socket.Hints;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Protocol;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SocketType;
import dev.listener.socket.SystemAddressResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The engine serving a unix listener like a TCP one: TCP_NODELAY and SO_KEEPALIVE, which a unix
 * connection does not have, are not asked of it.
 */
class UnixServingTests {

	@TempDir
	Path directory;

	private Listener listener;

	private ListenerServers servers;

	@AfterEach
	void close() throws IOException {
		if (this.servers != null) {
			this.servers.close();
		}
		if (this.listener != null) {
			this.listener.close();
		}
	}

	@Test
	void unixConnectionsAreEchoedWithTcpSettingsOn() throws Exception {
		Path path = this.directory.resolve("echo.sock");
		this.listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", new Hints(Family.UNIX, SocketType.STREAM, Protocol.TCP, true), null,
					"0", SocketOptions.defaults(), path.toString(), null, false));
		ServerSettings settings = new ServerSettings(10, null, true, true, Shutdown.IMMEDIATE);
		this.servers = new ListenerServers(List.of(this.listener), EchoClient.ECHO, null, settings,
				(name) -> Executors.newCachedThreadPool());
		this.servers.start();
		for (int i = 0; i < 2; i++) {
			// a unix channel has no read timeout: a connection the engine dropped would hang the read
			assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), this::roundTrip)).isEqualTo("hello");
		}
		assertThat(SocketCounters.of(this.listener.sockets().get(0)).accepted()).isEqualTo(2);
		assertThat(SocketCounters.of(this.listener.sockets().get(0)).handlerErrors()).isZero();
		assertThat(this.servers.states()).containsEntry("default", ServingState.RUNNING);
	}

	private String roundTrip() throws IOException {
		try (SocketChannel client = SocketChannel.open(this.listener.boundAddresses().get(0))) {
			client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer echo = ByteBuffer.allocate(5);
			while (echo.hasRemaining() && client.read(echo) >= 0) {
				// read the whole echo
			}
			return new String(echo.array(), 0, echo.position(), StandardCharsets.US_ASCII);
		}
	}

}
