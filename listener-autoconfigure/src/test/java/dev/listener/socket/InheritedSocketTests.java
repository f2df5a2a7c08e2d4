package dev.listener.socket;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Sockets inherited on standard input, as systemd ({@code StandardInput=socket}) and inetd
 * ({@code wait}) pass them: a python3 script creates the socket, puts it on the standard input of a
 * child JVM and execs it; the child runs {@link SocketChild}.
 */
class InheritedSocketTests {

	/** argv: kind [unix path] -- command...; puts the socket (or a file) of that kind on fd 0. */
	private static final String STDIN_SOCKET = """
			import os, socket, sys, tempfile
			kind = sys.argv[1]
			rest = sys.argv[sys.argv.index('--') + 1:]
			if kind == 'file':
			    handle = tempfile.TemporaryFile()
			    fd = handle.fileno()
			elif kind == 'connected':
			    pair = socket.socketpair()
			    fd = pair[0].fileno()
			else:
			    family = {'tcp4': socket.AF_INET, 'tcp6': socket.AF_INET6, 'udp4': socket.AF_INET,
			              'bound': socket.AF_INET, 'unix': socket.AF_UNIX}[kind]
			    type = socket.SOCK_DGRAM if kind == 'udp4' else socket.SOCK_STREAM
			    s = socket.socket(family, type)
			    s.bind({'tcp4': ('127.0.0.1', 0), 'tcp6': ('::1', 0), 'udp4': ('127.0.0.1', 0),
			            'bound': ('127.0.0.1', 0), 'unix': sys.argv[2] if kind == 'unix' else None}[kind])
			    if type == socket.SOCK_STREAM and kind != 'bound':
			        s.listen(16)
			    fd = s.fileno()
			os.dup2(fd, 0)
			os.execvp(rest[0], rest)
			""";

	@TempDir
	Path directory;

	@BeforeAll
	static void python() {
		assumeTrue(ChildJava.works("python3", "-c", "import socket"), "needs python3 to pass a socket as stdin");
	}

	@Test
	void inheritedTcpSocketIsServedWithoutBinding() throws Exception {
		try (ChildJava child = child(List.of("tcp4"), "inet", "stream")) {
			BufferedReader output = reader(child);
			String bound = firstLine(output);
			assertThat(bound).startsWith("bound 127.0.0.1:");
			int port = Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
			String receiveBuffer = firstLine(output);
			// above any default (Linux doubles what was asked, for its bookkeeping)
			assertThat(Integer.parseInt(receiveBuffer.substring("receive buffer ".length())))
				.isGreaterThanOrEqualTo(300 * 1024);
			try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
				client.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
				assertThat(new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
					.readLine()).isEqualTo("hello");
			}
			String rest = rest(child, output);
			// the JDK hands the same channel to every caller: a second listener is refused, not given it too
			assertThat(rest).contains("again: listen tcp4 stdin: inherit: standard input was already inherited by "
					+ "listener 'default': only one listener in a process can inherit it (EINVAL / WSAEINVAL)");
		}
	}

	@Test
	void inheritedUnixSocketIsServedAndItsFileLeftToTheServiceManager() throws Exception {
		Path path = this.directory.resolve("app.sock");
		try (ChildJava child = child(List.of("unix", path.toString()), "unix", "stream")) {
			BufferedReader output = reader(child);
			assertThat(firstLine(output)).isEqualTo("bound " + path);
			assertThat(firstLine(output)).startsWith("receive buffer ");
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
				OutputStream out = Channels.newOutputStream(client);
				out.write("hello\n".getBytes(StandardCharsets.UTF_8));
				assertThat(new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
						StandardCharsets.UTF_8)).readLine()).isEqualTo("hello");
			}
			rest(child, output);
			assertThat(child.process().exitValue()).isZero();
		}
		assertThat(path).exists();
	}

	@Test
	void datagramSocketWhereStreamIsConfiguredIsReportedAndClosed() throws Exception {
		String output = failingChild(List.of("udp4"), "inet", "stream");
		assertThat(output).contains("report: listen tcp4 stdin: inherit: standard input is a dgram socket, the socket "
				+ "type is stream (EAI_SOCKTYPE / WSAEPROTOTYPE)")
			.contains("settings: [SOCKET_TYPE, INHERITED]")
			.contains("stdin open: false");
	}

	@Test
	void regularFileOnStandardInputIsNotASocket() throws Exception {
		String output = failingChild(List.of("file"), "inet", "stream");
		assertThat(output).contains("report: listen tcp4 stdin: inherit: standard input is not a socket (a terminal, "
				+ "pipe or file) (ENOTSOCK / WSAENOTSOCK)")
			.contains("settings: [INHERITED]");
	}

	@Test
	void ipv6SocketWhereInetIsConfiguredIsReportedAndClosed() throws Exception {
		String output = failingChild(List.of("tcp6"), "inet", "stream");
		assertThat(output).containsPattern("report: listen tcp4 \\[::1\\]:\\d+: inherit: standard input is an IPv6 "
				+ "socket, the family is inet \\(EAI_ADDRFAMILY / WSANO_DATA\\)")
			.contains("settings: [FAMILY, INHERITED]")
			.contains("stdin open: false");
	}

	@Test
	void connectedSocketIsNotAListeningOne() throws Exception {
		String output = failingChild(List.of("connected"), "unix", "stream");
		assertThat(output).contains("report: listen unix stdin: inherit: standard input is a connected stream socket, "
				+ "not a listening one (inetd nowait, systemd Accept=yes) (EINVAL / WSAEINVAL)")
			.contains("stdin open: false");
	}

	@Test
	void boundStreamSocketThatDoesNotListenIsRefused() throws Exception {
		String output = failingChild(List.of("bound"), "inet", "stream");
		assertThat(output).contains("report: listen tcp4 stdin: inherit: standard input is a stream socket that is "
				+ "not listening (bound, but listen() was not called) (EINVAL / WSAEINVAL)")
			.contains("stdin open: false");
	}

	private String failingChild(List<String> stdin, String family, String socketType) throws Exception {
		try (ChildJava child = child(stdin, family, socketType)) {
			String output = child.output();
			assertThat(output).as(output).doesNotContain("\tat ").doesNotContain("bound ");
			return output;
		}
	}

	private static ChildJava child(List<String> stdin, String family, String socketType) throws Exception {
		List<String> wrapper = new ArrayList<>(List.of("python3", "-c", STDIN_SOCKET));
		wrapper.addAll(stdin);
		wrapper.add("--");
		return ChildJava.start(wrapper, SocketChild.class, "inherit", family, socketType);
	}

	private static BufferedReader reader(ChildJava child) {
		return new BufferedReader(new InputStreamReader(child.process().getInputStream(), StandardCharsets.UTF_8));
	}

	private static String firstLine(BufferedReader output) throws Exception {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return String.valueOf(output.readLine());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}).get(ChildJava.TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	private static String rest(ChildJava child, BufferedReader output) throws Exception {
		assertThat(child.process().waitFor(ChildJava.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
		StringBuilder rest = new StringBuilder();
		for (String line = output.readLine(); line != null; line = output.readLine()) {
			rest.append(line).append('\n');
		}
		return rest.toString();
	}

}
