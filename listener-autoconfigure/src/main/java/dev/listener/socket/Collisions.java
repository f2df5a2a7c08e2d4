package dev.listener.socket;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * Finds listeners of one application that are configured for the same address, port and protocol.
 * The kernel refuses the second TCP bind, but lets two UDP sockets with {@code SO_REUSEADDR} share a
 * port silently, each getting part of the traffic; either way the report names both listeners.
 */
final class Collisions {

	private Collisions() {
	}

	/**
	 * Refuses a listener just opened when it shares an address with one opened before it, unless
	 * both asked for {@code SO_REUSEPORT}.
	 */
	static void check(Listener listener, List<Listener> opened) throws ListenerCollisionException {
		for (Listener other : opened) {
			if (other == listener || (listener.options().reusePort() && other.options().reusePort())) {
				continue;
			}
			for (ListenSocket socket : listener.sockets()) {
				for (ListenSocket theirs : other.sockets()) {
					if (socket.addressInfo().protocol() == theirs.addressInfo().protocol()
							&& overlap(socket.localAddress(), theirs.localAddress())) {
						throw new ListenerCollisionException(listener.spec(), other.spec(), socket.localAddress(),
								theirs.localAddress(), null);
					}
				}
			}
		}
	}

	/**
	 * An "address in use" failure, explained: when a listener of this application holds the
	 * address, the failure becomes a collision that names it.
	 */
	static ListenSocketException explain(ListenSocketException failure, List<Listener> opened) {
		SocketAddress address = failure.address();
		if (address == null) {
			return failure;
		}
		Protocol protocol = failure.spec().hints().effectiveProtocol();
		for (Listener other : opened) {
			for (ListenSocket theirs : other.sockets()) {
				if (theirs.addressInfo().protocol() == protocol && overlap(address, theirs.localAddress())) {
					return new ListenerCollisionException(failure.spec(), other.spec(), address, theirs.localAddress(),
							failure);
				}
			}
		}
		return failure;
	}

	/** The same port, and the same address or a wildcard of the same family. */
	private static boolean overlap(SocketAddress first, SocketAddress second) {
		if (!(first instanceof InetSocketAddress a) || !(second instanceof InetSocketAddress b)) {
			return first.equals(second);
		}
		if (a.getPort() == 0 || a.getPort() != b.getPort()) {
			return false;
		}
		InetAddress x = a.getAddress();
		InetAddress y = b.getAddress();
		return Family.of(x) == Family.of(y) && (x.equals(y) || x.isAnyLocalAddress() || y.isAnyLocalAddress());
	}

}
