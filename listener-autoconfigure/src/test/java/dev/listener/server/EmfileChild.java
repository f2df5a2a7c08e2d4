package dev.listener.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

import dev.listener.socket.AcceptError;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SystemAddressResolver;

/**
 * The server of {@link EmfileTests}, run in a child JVM whose file limit the test lowers: it greets
 * each connection with the EMFILE count of its socket, then echoes; it tells the count for each
 * line on stdin, until stdin closes.
 */
public final class EmfileChild {

	private EmfileChild() {
	}

	public static void main(String[] args) throws Exception {
		Listener listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", Hints.recipe(), "127.0.0.1", "0", SocketOptions.defaults()));
		ListenSocket socket = listener.sockets().get(0);
		ConnectionHandler greetThenEcho = (connection) -> {
			String greeting = "emfile=" + socket.counters().acceptErrors(AcceptError.EMFILE) + "\n";
			connection.outputStream().write(greeting.getBytes(StandardCharsets.US_ASCII));
			EchoClient.echo(connection);
		};
		new ListenerServers(List.of(listener), greetThenEcho, null, ServerSettings.defaults(),
				(name) -> Executors.newCachedThreadPool())
			.start();
		// load what the failure path needs now: without descriptors no class file can be opened
		new Backoff().next(AcceptError.of(new IOException("Too many open files")));
		System.out.println("port=" + listener.port());
		// each line on stdin asks for the EMFILE count: stdin and stdout need no new descriptor
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
		while (commands.readLine() != null) {
			System.out.println("count=" + socket.counters().acceptErrors(AcceptError.EMFILE));
		}
	}

}
