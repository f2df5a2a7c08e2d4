package dev.listener.actuate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import dev.listener.engine.ServingStates;
import dev.listener.socket.Hints;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SystemAddressResolver;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Measures one health read of a listener with a full accept queue, from {@code TCP_INFO} and from
 * the {@code /proc/net/tcp} fallback, and one read of those tables (what every health read did
 * before), with no TIME_WAIT sockets and then with many, made by a bounded connect-and-close loop
 * on loopback (the server closes first, so the TIME_WAIT sockets hold no client port). Not a test:
 * run it in a network namespace of its own, so that its TIME_WAIT sockets lengthen no other
 * process's tables. From the repository's root:
 * <pre>
 * mvn -B -q -o -pl listener-autoconfigure test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * CP=listener-autoconfigure/target/test-classes:listener-autoconfigure/target/classes:$(cat /tmp/cp.txt)
 * unshare -rn sh -c "ip link set lo up &amp;&amp; java -cp $CP dev.listener.actuate.AcceptQueueChurn 20000"
 * </pre>
 * The argument is how many connections to make (bounded, and two minutes at most); about 70% of
 * them are left in TIME_WAIT, the others reuse a pair of ports that is already there.
 */
public final class AcceptQueueChurn {

	private static final int READS = 7;

	private AcceptQueueChurn() {
	}

	public static void main(String[] args) throws Exception {
		int connections = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		try (Listener listener = new SocketOpener(new SystemAddressResolver(), List.of()).open(new ListenerSpec(
				"default", Hints.recipe(), "127.0.0.1", "0", new SocketOptions(4, true, false, null, null, null)))) {
			List<Socket> waiting = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				waiting.add(TestListeners.connect(listener));
			}
			AcceptQueuePolicy policy = new AcceptQueuePolicy(0.5, Status.OUT_OF_SERVICE);
			ListenerHealthIndicator indicator = new ListenerHealthIndicator(listener, ServingStates.NONE, policy);
			ListenerHealthIndicator fallback = new ListenerHealthIndicator(listener, ServingStates.NONE, policy,
					new PreferredAcceptQueueSource(new NoTcpInfo(), ProcNetAcceptQueues.SHARED));
			for (int round = 0; round < 2; round++) {
				String label = (round == 0) ? "no TIME_WAIT" : timeWait() + " TIME_WAIT";
				measure(label + ", tcp_info", indicator::health);
				measure(label + ", the fallback", fallback::health);
				measure(label + ", one read of the tables", ProcNetAcceptQueues::readTables);
				if (round == 0) {
					churn(connections);
				}
			}
			for (Socket socket : waiting) {
				socket.close();
			}
		}
	}

	private static void measure(String label, Supplier<?> read) throws InterruptedException {
		double[] millis = new double[READS];
		Object result = null;
		for (int i = 0; i < READS; i++) {
			// longer apart than the fallback keeps a reading, so that every read is a fresh one
			Thread.sleep(1100);
			long start = System.nanoTime();
			result = read.get();
			millis[i] = (System.nanoTime() - start) / 1e6;
		}
		Arrays.sort(millis);
		Object shown = (result instanceof Health health) ? health.getStatus() + " " + health.getDetails().get("acceptQueue")
				: ((Map<?, ?>) result).size() + " listen sockets";
		System.out.printf(Locale.ROOT, "%s: median %.3f ms, max %.3f ms; %s%n", label, millis[READS / 2],
				millis[READS - 1], shown);
	}

	/** Connections to eight ports, each closed by the server first: bounded in count and in time. */
	private static void churn(int connections) throws IOException {
		List<ServerSocketChannel> servers = new ArrayList<>();
		long deadline = System.nanoTime() + 120_000_000_000L;
		try {
			for (int i = 0; i < 8; i++) {
				servers.add(ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 128));
			}
			for (int i = 0; i < connections && System.nanoTime() < deadline; i++) {
				ServerSocketChannel server = servers.get(i % servers.size());
				try (Socket client = new Socket()) {
					client.connect(server.getLocalAddress(), 1000);
					server.accept().close();
					client.getInputStream().read();
				}
			}
		}
		finally {
			for (ServerSocketChannel server : servers) {
				server.close();
			}
		}
	}

	private static long timeWait() throws IOException {
		long count = 0;
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			count += Files.readAllLines(Path.of(table)).stream().filter((line) -> line.contains(" 06 ")).count();
		}
		return count;
	}

}
