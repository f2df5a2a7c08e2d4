package dev.listener.socket;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One result of the resolution, like one {@code struct addrinfo} of getaddrinfo's chain.
 *
 * @param family the address family of the socket to create
 * @param socketType the socket type
 * @param protocol the protocol; {@link Protocol#DEFAULT} (protocol 0) only for family unix, which
 * has no other
 * @param address the socket address to bind: an {@link InetSocketAddress}, or a
 * {@link java.net.UnixDomainSocketAddress} for family unix
 */
public record AddressInfo(Family family, SocketType socketType, Protocol protocol, SocketAddress address) {

	/**
	 * The same result on another port; a unix address has none and is returned as it is.
	 * @param port the port
	 * @return a copy with the port
	 */
	public AddressInfo withPort(int port) {
		if (!(this.address instanceof InetSocketAddress inet)) {
			return this;
		}
		return new AddressInfo(this.family, this.socketType, this.protocol,
				new InetSocketAddress(inet.getAddress(), port));
	}

	/**
	 * The port of an IP address.
	 * @return the port, {@code -1} for a unix address
	 */
	public int port() {
		return (this.address instanceof InetSocketAddress inet) ? inet.getPort() : -1;
	}

	@Override
	public String toString() {
		return Addresses.format(this.address);
	}

}
