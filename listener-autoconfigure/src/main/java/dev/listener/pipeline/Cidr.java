package dev.listener.pipeline;

import java.net.InetAddress;

/**
 * A network written as CIDR ({@code 10.0.0.0/8}, {@code fd00::/8}), or one address.
 */
public record Cidr(byte[] network, int prefixLength) {

	/**
	 * @param address an address
	 * @return whether it is in this network
	 */
	public boolean contains(InetAddress address) {
		throw new UnsupportedOperationException("TODO");
	}

}
