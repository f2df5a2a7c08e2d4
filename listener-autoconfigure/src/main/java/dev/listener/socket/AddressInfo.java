package dev.listener.socket;

import java.net.InetSocketAddress;

/**
 * One result of the resolution, like one {@code struct addrinfo} of getaddrinfo's chain.
 *
 * @param family the address family of the socket to create
 * @param socketType the socket type
 * @param protocol the protocol (never {@link Protocol#DEFAULT})
 * @param address the socket address to bind
 */
public record AddressInfo(Family family, SocketType socketType, Protocol protocol, InetSocketAddress address) {

	/**
	 * The same result on another port.
	 * @param port the port
	 * @return a copy with the port
	 */
	public AddressInfo withPort(int port) {
		return new AddressInfo(this.family, this.socketType, this.protocol,
				new InetSocketAddress(this.address.getAddress(), port));
	}

	@Override
	public String toString() {
		return Addresses.format(this.address);
	}

}
