package dev.listener.demo;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.listener.demo.ChildProcesses.freePort;
import static dev.listener.demo.ChildProcesses.works;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A restart the way systemd does it on {@code systemctl restart}: a parent holds the listening
 * socket and starts the application twice in a row on it, stopping the first with SIGTERM before
 * the second starts, while a client connects, sends a line, reads its echo and closes, in a loop.
 * Connections made while no process serves wait in the socket's backlog, so none is refused or
 * reset and every request gets its reply.
 * <p>
 * On both engines. Netty accepts in batches: a connection accepted in the batch that ran while the
 * engine stopped used to be refused as {@code shutdown} and closed with its request unread, which
 * the kernel answers with a reset (about one in 250). Every engine now stops accepting first, on its
 * accept loop, and serves to its end any connection already accepted ({@code EngineLifecycle}).
 */
class DemoSystemdRestartTests {

	/**
	 * argv: port -- command...: binds 127.0.0.1:port, then for each line "start" on stdin stops the
	 * running child (SIGTERM, waiting for it) and forks a new one with the socket on fd 3 and the
	 * variables naming the child.
	 */
	private static final String HOLDER = """
			import os, signal, socket, sys
			port, command = int(sys.argv[1]), sys.argv[3:]
			s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
			s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
			s.bind(('127.0.0.1', port))
			s.listen(128)
			child = None
			for line in sys.stdin:
			    if child:
			        os.kill(child, signal.SIGTERM)
			        os.waitpid(child, 0)
			        print('holder: stopped', child, flush=True)
			    child = os.fork()
			    if child == 0:
			        if s.fileno() != 3:
			            os.dup2(s.fileno(), 3)
			        os.set_inheritable(3, True)
			        os.environ['LISTEN_PID'] = str(os.getpid())
			        os.environ['LISTEN_FDS'] = '1'
			        os.environ['LISTEN_FDNAMES'] = 'default'
			        os.execvp(command[0], command)
			    print('holder: started', child, flush=True)
			if child:
			    os.kill(child, signal.SIGTERM)
			    os.waitpid(child, 0)
			""";

	/** Bounds the client's loop, whatever happens. */
	private static final int MAX_REQUESTS = 100_000;

	private static final Pattern SERVING = Pattern.compile("Listener 'default' serving");

	@ParameterizedTest
	@ValueSource(strings = { "blocking", "netty" })
	void aRestartOnTheHeldSocketRefusesResetsAndLosesNothing(String engine, @TempDir Path directory)
			throws Exception {
		assumeTrue(works("python3", "-c", "import socket"), "needs python3 to hold the socket");
		int port = freePort();
		List<String> command = new ArrayList<>(List.of("python3", "-c", HOLDER, Integer.toString(port), "--",
				Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-cp",
				System.getProperty("java.class.path"), DemoApplication.class.getName(), "--server.port=0",
				"--listener.inherited=systemd", "--listener.engine=" + engine));
		File log = directory.resolve("holder.log").toFile();
		Process holder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		OutputStream control = holder.getOutputStream();
		Client client = new Client(port);
		try {
			start(control);
			awaitServing(holder, log, 1);
			CompletableFuture<Void> loop = CompletableFuture.runAsync(client::run);
			await().atMost(Duration.ofSeconds(30)).until(() -> client.answered >= 50);
			long beforeRestart = client.answered;
			start(control);
			awaitServing(holder, log, 2);
			await().atMost(Duration.ofSeconds(30)).until(() -> client.answered >= beforeRestart + 50);
			client.stop.set(true);
			loop.get(90, TimeUnit.SECONDS);
			String output = Files.readString(log.toPath());
			assertThat(output).contains("holder: stopped");
			System.out.println(engine + ": restart under a connect+echo+close loop: sent " + client.sent + ", answered "
					+ client.answered + ", refused " + client.refused + ", reset " + client.reset + ", unanswered "
					+ client.unanswered + ", longest wait " + client.longestMillis + " ms");
			assertThat(client.refused).as(output).isZero();
			assertThat(client.reset).as(output).isZero();
			assertThat(client.unanswered).as(output).isZero();
			assertThat(client.answered).isEqualTo(client.sent).isGreaterThan(beforeRestart);
		}
		finally {
			client.stop.set(true);
			control.close();
			if (!holder.waitFor(60, TimeUnit.SECONDS)) {
				holder.destroyForcibly();
			}
		}
	}

	private static void start(OutputStream control) throws IOException {
		control.write("start\n".getBytes(StandardCharsets.UTF_8));
		control.flush();
	}

	private static void awaitServing(Process holder, File log, int starts) {
		await().atMost(Duration.ofSeconds(90)).until(() -> count(Files.readString(log.toPath())) >= starts
				|| !holder.isAlive());
		assertThat(holder.isAlive()).isTrue();
	}

	private static int count(String text) {
		Matcher matcher = SERVING.matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	/** Connects, sends a line, reads its echo and closes, until stopped: counts what went wrong. */
	private static final class Client {

		private final int port;

		final AtomicBoolean stop = new AtomicBoolean();

		volatile long sent;

		volatile long answered;

		volatile long refused;

		volatile long reset;

		volatile long unanswered;

		volatile long longestMillis;

		Client(int port) {
			this.port = port;
		}

		void run() {
			for (int i = 0; i < MAX_REQUESTS && !this.stop.get(); i++) {
				byte[] request = ("request " + i + "\n").getBytes(StandardCharsets.UTF_8);
				long started = System.nanoTime();
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 5000);
					socket.setSoTimeout(60_000);
					socket.getOutputStream().write(request);
					this.sent++;
					byte[] reply = socket.getInputStream().readNBytes(request.length);
					if (reply.length == request.length && new String(reply, StandardCharsets.UTF_8)
						.equals(new String(request, StandardCharsets.UTF_8))) {
						this.answered++;
					}
					else {
						this.unanswered++;
					}
				}
				catch (ConnectException ex) {
					this.refused++;
				}
				catch (SocketException ex) {
					if (String.valueOf(ex.getMessage()).contains("reset")) {
						this.reset++;
					}
					else {
						this.unanswered++;
					}
				}
				catch (IOException ex) {
					this.unanswered++;
				}
				this.longestMillis = Math.max(this.longestMillis, (System.nanoTime() - started) / 1_000_000);
			}
		}

	}

}
