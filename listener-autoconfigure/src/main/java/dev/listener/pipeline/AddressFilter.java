package dev.listener.pipeline;

import java.net.InetAddress;
import java.util.List;

/**
 * Which client addresses may connect: deny wins, and an empty allow list allows all.
 *
 * @param allow the networks allowed, empty for all
 * @param deny the networks denied
 */
public record AddressFilter(List<Cidr> allow, List<Cidr> deny) {

	/** Allows every address. */
	public static final AddressFilter ALLOW_ALL = new AddressFilter(List.of(), List.of());

	public AddressFilter {
		allow = List.copyOf(allow);
		deny = List.copyOf(deny);
	}

	/**
	 * @param address a client's address
	 * @return whether it may connect
	 */
	public boolean permits(InetAddress address) {
		for (Cidr cidr : this.deny) {
			if (cidr.contains(address)) {
				return false;
			}
		}
		if (this.allow.isEmpty()) {
			return true;
		}
		for (Cidr cidr : this.allow) {
			if (cidr.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/** @return whether every address is allowed */
	public boolean allowsAll() {
		return this.allow.isEmpty() && this.deny.isEmpty();
	}

}
