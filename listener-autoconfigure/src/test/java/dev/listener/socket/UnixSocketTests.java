package dev.listener.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.listener.engine.SocketCounters;
import dev.listener.engine.blocking.BlockingConnections;
import dev.listener.handler.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Unix domain listeners on real socket files in a temporary directory.
 */
class UnixSocketTests {

	private final List<Listener> opened = new ArrayList<>();

	private final SocketOpener opener = new SocketOpener(new SystemAddressResolver(), List.of());

	@TempDir
	Path directory;

	@AfterEach
	void close() throws IOException {
		for (Listener listener : this.opened) {
			listener.close();
		}
	}

	@Test
	void unixListenerAcceptsAndEchoesThroughAUnixClient() throws Exception {
		Path path = this.directory.resolve("app.sock");
		Listener listener = open(unix(path.toString(), null));
		ListenSocket socket = listener.sockets().get(0);
		assertThat(listener.boundAddresses()).extracting(Addresses::format).containsExactly(path.toString());
		assertThat(listener.port()).isEqualTo(-1);
		assertThat(socket.toString()).isEqualTo("unix " + path);
		assertThat(listener.resolved()).singleElement().satisfies((info) -> {
			assertThat(info.family()).isEqualTo(Family.UNIX);
			assertThat(info.protocol()).isEqualTo(Protocol.DEFAULT);
		});
		try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
				Connection connection = BlockingConnections.accept(socket)) {
			assertThat(Addresses.format(connection.remoteAddress())).isEqualTo(Addresses.UNNAMED);
			assertThat(Addresses.format(connection.localAddress())).isEqualTo(path.toString());
			client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer buffer = ByteBuffer.allocate(4);
			while (buffer.hasRemaining()) {
				connection.read(buffer);
			}
			connection.write(buffer.flip());
			ByteBuffer echo = ByteBuffer.allocate(4);
			while (echo.hasRemaining()) {
				client.read(echo);
			}
			assertThat(new String(echo.array(), StandardCharsets.US_ASCII)).isEqualTo("ping");
		}
		assertThat(SocketCounters.of(socket).accepted()).isEqualTo(1);
		assertThat(SocketCounters.of(socket).bytesReceived()).isEqualTo(4);
	}

	@Test
	void constantsOfEverySpellingNameTheUnixFamily() {
		assertThat(List.of("unix", "AF_UNIX", "AF_LOCAL", "PF_UNIX", "PF_LOCAL", "af_local")).map(Family::parse)
			.containsOnly(Family.UNIX);
		assertThat(new Hints(Family.UNIX, SocketType.STREAM, Protocol.TCP, true).network()).isEqualTo("unix");
	}

	@Test
	void permissionsAreAppliedToTheSocketFile() throws Exception {
		Path path = this.directory.resolve("app.sock");
		open(unix(path.toString(), "rw-rw----"));
		assertThat(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS))
			.isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
		open(unix(this.directory.resolve("other.sock").toString(), "rwx------"));
		assertThat(Files.getPosixFilePermissions(this.directory.resolve("other.sock"), LinkOption.NOFOLLOW_LINKS))
			.isEqualTo(PosixFilePermissions.fromString("rwx------"));
	}

	@Test
	void invalidPermissionsAreRefusedNamingTheSetting() {
		Path path = this.directory.resolve("app.sock");
		assertThat(failure(unix(path.toString(), "rw-rw"))).satisfies((ex) -> {
			assertThat(ex.error()).isEqualTo(SocketError.INVALID_ARGUMENT);
			assertThat(ex.settings()).containsExactly(Setting.PERMISSIONS);
			assertThat(ex.reason()).startsWith("invalid permissions 'rw-rw'");
		});
		assertThat(path).doesNotExist();
	}

	@Test
	void staleSocketFileIsReplaced() throws Exception {
		Path path = this.directory.resolve("app.sock");
		try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			dead.bind(UnixDomainSocketAddress.of(path));
		}
		assertThat(path).exists();
		Listener listener = open(unix(path.toString(), null));
		try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
				Connection connection = BlockingConnections.accept(listener.sockets().get(0))) {
			assertThat(connection.isOpen()).isTrue();
		}
	}

	@Test
	void socketFileInUseIsRefusedAndLeftToItsOwner() throws Exception {
		Path path = this.directory.resolve("app.sock");
		try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			other.bind(UnixDomainSocketAddress.of(path));
			assertThat(failure(unix(path.toString(), null))).satisfies((ex) -> {
				assertThat(ex.error()).isEqualTo(SocketError.ADDRESS_IN_USE);
				assertThat(ex.settings()).containsExactly(Setting.PATH);
				assertThat(ex.getMessage())
					.isEqualTo("listen unix " + path + ": bind: address already in use (EADDRINUSE / WSAEADDRINUSE)");
			});
			assertThat(path).exists();
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
					SocketChannel accepted = other.accept()) {
				assertThat(accepted.isConnected()).isTrue();
			}
		}
	}

	@Test
	void pathThatIsNotASocketIsRefusedAndKept() throws Exception {
		Path path = Files.writeString(this.directory.resolve("app.sock"), "data");
		assertThat(failure(unix(path.toString(), null))).satisfies((ex) -> {
			assertThat(ex.error()).isEqualTo(SocketError.NOT_A_SOCKET);
			assertThat(ex.settings()).containsExactly(Setting.PATH);
			assertThat(ex.reason()).isEqualTo(path + " exists and is a regular file, not a socket; it is left as it is");
		});
		assertThat(path).hasContent("data");
		Path directoryPath = Files.createDirectory(this.directory.resolve("dir.sock"));
		assertThat(failure(unix(directoryPath.toString(), null)).reason()).contains("is a directory, not a socket");
		assertThat(directoryPath).isDirectory();
	}

	@Test
	void missingDirectoryIsReported() {
		Path path = this.directory.resolve("missing").resolve("app.sock");
		assertThat(failure(unix(path.toString(), null))).satisfies((ex) -> {
			assertThat(ex.error()).isEqualTo(SocketError.NO_SUCH_DIRECTORY);
			assertThat(ex.settings()).containsExactly(Setting.PATH);
			assertThat(ex.getMessage()).isEqualTo("listen unix " + path + ": bind: directory "
					+ path.getParent() + " does not exist (ENOENT / ERROR_PATH_NOT_FOUND)");
		});
		assertThat(path.getParent()).doesNotExist();
	}

	@Test
	void pathLongerThanSunPathIsRefusedByItsUtf8Length() {
		// 60 characters but 120 bytes: the limit is on bytes
		String name = "\u00e9".repeat(60);
		assertThat(name).hasSizeLessThan(UnixSockets.MAX_PATH_BYTES);
		Path path = this.directory.resolve(name);
		assertThat(failure(unix(path.toString(), null))).satisfies((ex) -> {
			assertThat(ex.error()).isEqualTo(SocketError.INVALID_ARGUMENT);
			assertThat(ex.step()).isEqualTo(Step.RESOLVE);
			assertThat(ex.settings()).containsExactly(Setting.PATH);
			assertThat(ex.reason()).startsWith("path is " + path.toString().getBytes(StandardCharsets.UTF_8).length
					+ " bytes long in UTF-8; a unix socket path has at most 107");
		});
		assertThat(path).doesNotExist();
	}

	@Test
	void settingsThatDoNotApplyToUnixAreRefused() {
		assertThat(failure(spec(new Hints(Family.UNIX, SocketType.STREAM, Protocol.TCP, true), "127.0.0.1", "a.sock")))
			.satisfies((ex) -> {
				assertThat(ex.error()).isEqualTo(SocketError.INVALID_ARGUMENT);
				assertThat(ex.settings()).containsExactlyInAnyOrder(Setting.HOST, Setting.FAMILY);
				assertThat(ex.reason()).startsWith("host 127.0.0.1 is not allowed with family unix");
			});
		assertThat(failure(spec(new Hints(Family.UNIX, SocketType.STREAM, Protocol.TCP, true), null, null)))
			.satisfies((ex) -> {
				assertThat(ex.settings()).containsExactly(Setting.PATH);
				assertThat(ex.getMessage())
					.isEqualTo("listen unix (no path): lookup: family unix needs the path of the socket file "
							+ "(EINVAL / WSAEINVAL)");
			});
		assertThat(failure(spec(new Hints(Family.UNIX, SocketType.DGRAM, Protocol.UDP, true), null, "a.sock")))
			.satisfies((ex) -> {
				assertThat(ex.error()).isEqualTo(SocketError.SOCKET_TYPE_NOT_SUPPORTED);
				assertThat(ex.settings()).containsExactlyInAnyOrder(Setting.SOCKET_TYPE, Setting.FAMILY);
			});
		assertThat(failure(spec(new Hints(Family.UNIX, SocketType.STREAM, Protocol.SCTP, true), null, "a.sock")))
			.satisfies((ex) -> assertThat(ex.settings()).containsExactlyInAnyOrder(Setting.PROTOCOL, Setting.FAMILY));
		assertThat(this.directory.resolve("a.sock")).doesNotExist();
	}

	@Test
	void protocolDefaultIsAcceptedLikeTheRecipesTcp() throws Exception {
		Path path = this.directory.resolve("app.sock");
		Listener listener = open(spec(new Hints(Family.UNIX, SocketType.STREAM, Protocol.DEFAULT, true), null,
				path.toString()));
		assertThat(listener.resolved().get(0).protocol()).isEqualTo(Protocol.DEFAULT);
	}

	@Test
	void twoListenersOnOnePathAreRefusedNamingBothAndLeaveNoFile() {
		String path = this.directory.resolve("app.sock").toString();
		ListenerSpec first = new ListenerSpec("first", recipeUnix(), null, "0", SocketOptions.defaults(), path, null,
				false);
		ListenerSpec second = new ListenerSpec("second", recipeUnix(), null, "0", SocketOptions.defaults(), path, null,
				false);
		assertThatExceptionOfType(ListenerCollisionException.class)
			.isThrownBy(() -> this.opener.openAll(List.of(first, second)))
			.satisfies((ex) -> {
				assertThat(ex.other().name()).isEqualTo("first");
				assertThat(ex.settings()).containsExactly(Setting.PATH);
				assertThat(ex.getMessage()).isEqualTo("listen unix " + path + ": bind: listener 'first' is configured "
						+ "for " + path + " too (EADDRINUSE / WSAEADDRINUSE)");
			});
		assertThat(Path.of(path)).doesNotExist();
	}

	@Test
	void closingTheListenerRemovesTheSocketFile() throws Exception {
		Path path = this.directory.resolve("app.sock");
		Listener listener = this.opener.open(unix(path.toString(), null));
		assertThat(path).exists();
		listener.close();
		assertThat(listener.isOpen()).isFalse();
		assertThat(path).doesNotExist();
		assertThatIOException().isThrownBy(() -> SocketChannel.open(UnixDomainSocketAddress.of(path)));
	}

	@Test
	void failedOptionLeavesNoSocketAndNoFile() {
		Path path = this.directory.resolve("app.sock");
		AtomicReference<NetworkChannel> customized = new AtomicReference<>();
		SocketOpener failing = new SocketOpener(new SystemAddressResolver(), List.of((channel, info) -> {
			customized.set(channel);
			throw new IOException("refused by the test");
		}));
		assertThatExceptionOfType(ListenSocketException.class)
			.isThrownBy(() -> failing.open(unix(path.toString(), null)))
			.satisfies((ex) -> assertThat(ex.step()).isEqualTo(Step.OPTION));
		assertThat(customized.get()).isNotNull().satisfies((channel) -> assertThat(channel.isOpen()).isFalse());
		assertThat(path).doesNotExist();
		SocketOptions reusePort = new SocketOptions(null, true, true, null, null, null);
		assertThat(failure(new ListenerSpec("default", recipeUnix(), null, "0", reusePort, path.toString(), null,
				false))).satisfies((ex) -> {
					assertThat(ex.error()).isEqualTo(SocketError.OPTION_NOT_SUPPORTED);
					assertThat(ex.settings()).containsExactly(Setting.REUSE_PORT);
				});
		assertThat(path).doesNotExist();
	}

	@Test
	void receiveBufferSizeIsSetOnTheUnixSocket() throws Exception {
		Path path = this.directory.resolve("app.sock");
		SocketOptions options = new SocketOptions(null, true, false, null, 64 * 1024, null);
		Listener listener = open(new ListenerSpec("default", recipeUnix(), null, "0", options, path.toString(), null,
				false));
		// Linux doubles the value for its bookkeeping
		assertThat(listener.sockets().get(0).serverSocketChannel()
			.getOption(java.net.StandardSocketOptions.SO_RCVBUF)).isGreaterThanOrEqualTo(64 * 1024);
	}

	private ListenSocketException failure(ListenerSpec spec) {
		try {
			open(spec);
		}
		catch (ListenSocketException ex) {
			return ex;
		}
		throw new AssertionError("opened: " + spec);
	}

	private Listener open(ListenerSpec spec) throws ListenSocketException {
		Listener listener = this.opener.open(spec);
		this.opened.add(listener);
		return listener;
	}

	/** What users write: the recipe's defaults (stream, tcp) with family unix. */
	private static Hints recipeUnix() {
		return new Hints(Family.UNIX, SocketType.STREAM, Protocol.TCP, true);
	}

	private static ListenerSpec unix(String path, String permissions) {
		return new ListenerSpec("default", recipeUnix(), null, "27015", SocketOptions.defaults(), path, permissions,
				false);
	}

	private static ListenerSpec spec(Hints hints, String host, String path) {
		return new ListenerSpec("default", hints, host, "27015", SocketOptions.defaults(), path, null, false);
	}

}
