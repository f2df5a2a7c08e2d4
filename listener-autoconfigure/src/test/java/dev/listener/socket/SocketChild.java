package dev.listener.socket;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.NetworkChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.listener.engine.blocking.BlockingConnections;
import dev.listener.handler.Connection;

/**
 * The child JVM of {@link InheritedSocketTests} and {@link UnixSocketPermissionTests}: opens one
 * listener and prints what happened, one fact a line.
 * <ul>
 * <li>{@code unix <path>}: binds a unix listener, prints {@code bound <path>} or the report;</li>
 * <li>{@code unix-hold <path>}: the same, then keeps the listener until a line comes on standard
 * input;</li>
 * <li>{@code inherit <family> <socket type>}: takes the socket on standard input, prints
 * {@code bound <address>}, echoes one line of one connection, then tries to inherit again; on a
 * failure prints the report and whether standard input's channel is still open.</li>
 * </ul>
 */
public final class SocketChild {

	private SocketChild() {
	}

	public static void main(String[] args) throws Exception {
		SocketOpener opener = new SocketOpener(new SystemAddressResolver(), List.of());
		if (args[0].startsWith("unix")) {
			ListenerSpec spec = new ListenerSpec("default",
					new Hints(Family.UNIX, SocketType.STREAM, Protocol.TCP, true), null, "0", SocketOptions.defaults(),
					args[1], null, false);
			try (Listener listener = opener.open(spec)) {
				System.out.println("bound " + Addresses.format(listener.boundAddresses().get(0)));
				if (args[0].equals("unix-hold")) {
					new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
				}
			}
			catch (ListenSocketException ex) {
				report(ex);
			}
			return;
		}
		// the receive buffer applies to a bound socket; reuse-address, on by default, is bind-time and skipped
		SocketOptions options = new SocketOptions(null, true, false, null, 300 * 1024, null);
		ListenerSpec spec = new ListenerSpec("default",
				new Hints(Family.parse(args[1]), SocketType.parse(args[2]), Protocol.DEFAULT, true), null, "0",
				options, null, null, true);
		try (Listener listener = opener.open(spec)) {
			System.out.println("bound " + Addresses.format(listener.boundAddresses().get(0)));
			System.out.println("receive buffer " + ((NetworkChannel) listener.sockets().get(0).channel())
				.getOption(StandardSocketOptions.SO_RCVBUF));
			try (Connection connection = BlockingConnections.accept(listener.sockets().get(0))) {
				String line = new BufferedReader(new InputStreamReader(connection.inputStream(), StandardCharsets.UTF_8))
					.readLine();
				OutputStream out = connection.outputStream();
				out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
			again(opener, spec);
		}
		catch (ListenSocketException ex) {
			report(ex);
			Channel stdin = System.inheritedChannel();
			System.out.println("stdin open: " + (stdin != null && stdin.isOpen()));
			again(opener, spec);
		}
	}

	private static void again(SocketOpener opener, ListenerSpec spec) {
		try {
			opener.open(spec).close();
			System.out.println("again: opened");
		}
		catch (Exception ex) {
			System.out.println("again: " + ex.getMessage());
		}
	}

	private static void report(ListenSocketException ex) {
		System.out.println("report: " + ex.getMessage());
		System.out.println("settings: " + ex.settings());
	}

}
