package dev.listener.socket;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two listeners started at once on one unix path, as a restart script that starts the new process
 * before the old one has exited does: exactly one serves, the other stops with "address already in
 * use", and the winner's file stays, also after the loser has gone and when the winner closes after
 * its file was replaced.
 */
class UnixSocketRaceTests {

	private static final int THREAD_ROUNDS = 50;

	private static final int PROCESS_ROUNDS = 4;

	private final SocketOpener opener = new SocketOpener(new SystemAddressResolver(), List.of());

	@TempDir
	Path directory;

	@Test
	void twoThreadsBindingOnePathAtOnceLeaveExactlyOneServingAndItsFileInPlace() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < THREAD_ROUNDS; round++) {
				Path path = this.directory.resolve("race-" + round + ".sock");
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Object>> results = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					results.add(threads.submit(() -> {
						start.await();
						try {
							return this.opener.open(unix(path));
						}
						catch (ListenSocketException ex) {
							return ex;
						}
					}));
				}
				start.countDown();
				List<Listener> winners = new ArrayList<>();
				List<ListenSocketException> losers = new ArrayList<>();
				for (Future<Object> result : results) {
					Object outcome = result.get(30, TimeUnit.SECONDS);
					if (outcome instanceof Listener listener) {
						winners.add(listener);
					}
					else {
						losers.add((ListenSocketException) outcome);
					}
				}
				try {
					assertThat(winners).as("round %d", round).hasSize(1);
					assertThat(losers).as("round %d", round).singleElement().satisfies((ex) -> {
						assertThat(ex.error()).isEqualTo(SocketError.ADDRESS_IN_USE);
						assertThat(ex.getMessage()).isEqualTo(
								"listen unix " + path + ": bind: address already in use (EADDRINUSE / WSAEADDRINUSE)");
					});
					assertThat(path).exists();
					try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
							SocketChannel accepted = winners.get(0).sockets().get(0).accept()) {
						assertThat(accepted.isOpen()).isTrue();
					}
				}
				finally {
					for (Listener winner : winners) {
						winner.close();
					}
				}
				assertThat(path).doesNotExist();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void twoProcessesBindingOnePathAtOnceLeaveExactlyOneServingAndItsFileInPlace() throws Exception {
		for (int round = 0; round < PROCESS_ROUNDS; round++) {
			Path path = this.directory.resolve("race-" + round + ".sock");
			try (ChildJava first = ChildJava.start(List.of(), SocketChild.class, "unix-hold", path.toString());
					ChildJava second = ChildJava.start(List.of(), SocketChild.class, "unix-hold", path.toString())) {
				List<ChildJava> children = List.of(first, second);
				List<String> lines = new ArrayList<>();
				for (ChildJava child : children) {
					lines.add(CompletableFuture.supplyAsync(() -> firstLine(child))
						.get(ChildJava.TIMEOUT_SECONDS, TimeUnit.SECONDS));
				}
				assertThat(lines).as("round %d", round)
					.containsExactlyInAnyOrder("bound " + path, "report: listen unix " + path
							+ ": bind: address already in use (EADDRINUSE / WSAEADDRINUSE)");
				ChildJava winner = children.get(lines.indexOf("bound " + path));
				ChildJava loser = children.get(1 - children.indexOf(winner));
				assertThat(loser.process().waitFor(ChildJava.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
				assertThat(path).exists();
				try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
					assertThat(client.isConnected()).isTrue();
				}
				OutputStream stdin = winner.process().getOutputStream();
				stdin.write("stop\n".getBytes(StandardCharsets.UTF_8));
				stdin.flush();
				assertThat(winner.process().waitFor(ChildJava.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
				assertThat(path).doesNotExist();
			}
		}
	}

	/**
	 * The window the race needs, held open: another process has taken the lock and bound the path
	 * but not yet called listen(), so a probe is refused as if the file were stale. The listener
	 * waits for the lock, then finds the other socket listening and leaves it alone.
	 */
	@Test
	void listenerWaitsForAnotherProcessBetweenItsBindAndListenAndLeavesItsSocket() throws Exception {
		assumeTrue(ChildJava.works("python3", "-c", "import socket, fcntl"), "needs python3 to hold the lock");
		Path path = this.directory.resolve("app.sock");
		String script = String.join("\n", "import fcntl, socket, sys, time",
				"lock = open(sys.argv[1] + '.lock', 'w')", "fcntl.lockf(lock, fcntl.LOCK_EX)",
				"s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)", "s.bind(sys.argv[1])",
				"print('bound', flush=True)", "time.sleep(1)", "s.listen(8)", "fcntl.lockf(lock, fcntl.LOCK_UN)",
				"while True:", "  c, _ = s.accept()", "  try:", "    c.sendall(b'other\\n')",
				"  except OSError:", "    pass  # the listener's probe, gone already", "  c.close()");
		Process other = new ProcessBuilder("python3", "-c", script, path.toString()).redirectErrorStream(true).start();
		try {
			BufferedReader output = new BufferedReader(
					new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
			assertThat(output.readLine()).isEqualTo("bound");
			assertThat(failure(unix(path))).satisfies((ex) -> assertThat(ex.getMessage())
				.isEqualTo("listen unix " + path + ": bind: address already in use (EADDRINUSE / WSAEADDRINUSE)"));
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
				ByteBuffer reply = ByteBuffer.allocate(16);
				while (reply.position() < 6 && client.read(reply) >= 0) {
					// the other process's greeting
				}
				assertThat(new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8)).isEqualTo("other\n");
			}
		}
		finally {
			other.destroyForcibly();
		}
	}

	@Test
	void closingKeepsASocketFileThatAnotherSocketBoundAtThePathSince() throws Exception {
		Path path = this.directory.resolve("app.sock");
		Listener replaced = this.opener.open(unix(path));
		Files.delete(path);
		try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			other.bind(UnixDomainSocketAddress.of(path));
			replaced.close();
			assertThat(path).exists();
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
					SocketChannel accepted = other.accept()) {
				assertThat(accepted.isConnected()).isTrue();
			}
		}
	}

	@Test
	void theLockFileStaysBesideTheSocketAndALaterListenerBindsThroughIt() throws Exception {
		Path path = this.directory.resolve("app.sock");
		this.opener.open(unix(path)).close();
		assertThat(UnixSockets.lockFile(path)).isRegularFile().hasFileName("app.sock.lock");
		try (Listener again = this.opener.open(unix(path))) {
			assertThat(path).exists();
			assertThat(again.isOpen()).isTrue();
		}
	}

	@Test
	void unwritableLockFileIsReportedNamingItAndWhatToDo() throws Exception {
		Path path = this.directory.resolve("app.sock");
		Path lock = Files.createDirectory(UnixSockets.lockFile(path));
		assertThat(failure(unix(path))).satisfies((ex) -> {
			assertThat(ex.settings()).containsExactly(Setting.PATH);
			assertThat(ex.getMessage()).startsWith("listen unix " + path + ": bind: cannot lock " + lock
					+ ", which keeps two processes from binding " + path + " at once: ")
				.contains("make the directory and the lock file writable by this user");
		});
		assertThat(path).doesNotExist();
	}

	private ListenSocketException failure(ListenerSpec spec) {
		try {
			this.opener.open(spec).close();
		}
		catch (ListenSocketException ex) {
			return ex;
		}
		catch (java.io.IOException ex) {
			throw new AssertionError(ex);
		}
		throw new AssertionError("opened: " + spec);
	}

	private static String firstLine(ChildJava child) {
		try {
			return new BufferedReader(new InputStreamReader(child.process().getInputStream(), StandardCharsets.UTF_8))
				.readLine();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ListenerSpec unix(Path path) {
		return new ListenerSpec("default", new Hints(Family.UNIX, SocketType.STREAM, Protocol.TCP, true), null, "0",
				SocketOptions.defaults(), path.toString(), null, false);
	}

}
