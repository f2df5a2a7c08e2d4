package dev.listener.actuate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

import dev.listener.socket.Family;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Protocol;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SocketType;
import dev.listener.socket.SystemAddressResolver;
import org.jspecify.annotations.Nullable;

/**
 * Real listeners for the tests: loopback or port 0 only.
 */
public final class TestListeners {

	private TestListeners() {
	}

	/**
	 * Opens a stream/tcp listener on a free port.
	 * @param name the listener's name
	 * @param family the family
	 * @param host the host, {@code null} for the wildcard
	 * @return the listener
	 * @throws ListenSocketException when it cannot be opened
	 */
	public static Listener open(String name, Family family, @Nullable String host) throws ListenSocketException {
		return new SocketOpener(new SystemAddressResolver(), List.of()).open(new ListenerSpec(name,
				new Hints(family, SocketType.STREAM, Protocol.TCP, true), host, "0", SocketOptions.defaults()));
	}

	/**
	 * Opens a unix listener as users configure it: the recipe's defaults with family unix and a path.
	 * @param name the listener's name
	 * @param path the socket file
	 * @return the listener
	 * @throws ListenSocketException when it cannot be opened
	 */
	public static Listener openUnix(String name, Path path) throws ListenSocketException {
		return new SocketOpener(new SystemAddressResolver(), List.of()).open(new ListenerSpec(name,
				new Hints(Family.UNIX, SocketType.STREAM, Protocol.TCP, true), null, "0", SocketOptions.defaults(),
				path.toString(), null, false));
	}

	/**
	 * Connects a unix client to a unix listener.
	 * @param listener the listener
	 * @return the client channel
	 * @throws IOException when the connection fails
	 */
	public static SocketChannel connectUnix(Listener listener) throws IOException {
		return SocketChannel.open(listener.boundAddresses().get(0));
	}

	/**
	 * Connects a client to the listener's first socket over the loopback of its family.
	 * @param listener the listener
	 * @return the client socket
	 * @throws IOException when the connection fails
	 */
	public static Socket connect(Listener listener) throws IOException {
		InetSocketAddress bound = (InetSocketAddress) listener.boundAddresses().get(0);
		String loopback = (bound.getAddress().getAddress().length == 16) ? "::1" : "127.0.0.1";
		return new Socket(loopback, bound.getPort());
	}

}
