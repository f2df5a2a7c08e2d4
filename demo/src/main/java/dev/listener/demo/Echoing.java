package dev.listener.demo;

import java.net.SocketAddress;

import dev.listener.socket.Addresses;

/**
 * The echo's one line per connection: the client, and the peer it came through when the two differ
 * (a balancer sending the PROXY protocol).
 */
final class Echoing {

	private Echoing() {
	}

	static String message(SocketAddress client, SocketAddress peer) {
		String message = "Echoing for " + Addresses.format(client);
		return client.equals(peer) ? message : message + " (through " + Addresses.format(peer) + ")";
	}

}
