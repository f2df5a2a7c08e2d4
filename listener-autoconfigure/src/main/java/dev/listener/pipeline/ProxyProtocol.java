package dev.listener.pipeline;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Whether a PROXY protocol header (v1 or v2) comes before the connection's data, and which peers
 * (the balancers) may send one.
 *
 * @param mode off, optional or required
 * @param trusted the balancers' networks
 * @param timeout how long the header may take to arrive
 */
public record ProxyProtocol(Mode mode, List<Cidr> trusted, Duration timeout) {

	/** No header is expected. */
	public static final ProxyProtocol OFF = new ProxyProtocol(Mode.OFF, List.of(), Duration.ofSeconds(10));

	public ProxyProtocol {
		trusted = List.copyOf(trusted);
	}

	/**
	 * @param peer the address of a connection's peer
	 * @return whether it may send a header
	 */
	public boolean trusts(InetAddress peer) {
		for (Cidr cidr : this.trusted) {
			if (cidr.contains(peer)) {
				return true;
			}
		}
		return false;
	}

	/** @return whether a header is read at all */
	public boolean isOn() {
		return this.mode != Mode.OFF;
	}

	/**
	 * Whether the header is expected.
	 */
	public enum Mode {

		/** No header: the first bytes are the client's. */
		OFF,

		/** A header is read when a trusted peer sends one; a connection without one is served as is. */
		OPTIONAL,

		/** Every connection starts with a header from a trusted peer, else it is refused. */
		REQUIRED

	}

}
