package dev.listener.diagnostics;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.listener.socket.Addresses;

/**
 * The addresses of this machine's interfaces that are up, to tell the user which hosts can be
 * bound when the configured one cannot.
 */
final class LocalAddresses {

	private LocalAddresses() {
	}

	static List<String> list() {
		List<String> addresses = new ArrayList<>();
		try {
			for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (networkInterface.isUp()) {
					for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
						// the scope only matters, and is only kept, on link-local addresses
						addresses.add(Addresses.host(address.isLinkLocalAddress() ? address
								: InetAddress.getByAddress(address.getAddress())));
					}
				}
			}
		}
		catch (SocketException | UnknownHostException ex) {
			// the report then lists none; the failure itself is what matters
		}
		return addresses;
	}

}
