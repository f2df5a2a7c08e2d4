package dev.listener.pipeline;

import java.net.InetAddress;

import dev.listener.socket.RejectReason;
import org.jspecify.annotations.Nullable;

/**
 * The steps an accepted connection goes through before its handler, in this order: the address
 * check (against the client address from the PROXY header when that is on), the PROXY protocol
 * header, the TLS handshake, then framing.
 *
 * @param access which client addresses may connect
 * @param proxyProtocol whether a PROXY protocol header comes first, and from whom
 * @param tls the TLS server side, {@code null} for plain TCP
 * @param framing how the byte stream is split into messages
 */
public record ConnectionPipeline(AddressFilter access, ProxyProtocol proxyProtocol, @Nullable Tls tls,
		Framing framing) {

	/** No step: every address, no header, plain TCP, a byte stream. */
	public static final ConnectionPipeline NONE = new ConnectionPipeline(AddressFilter.ALLOW_ALL, ProxyProtocol.OFF,
			null, Framing.NONE);

	/**
	 * The check right after accept, before any byte is read: without the PROXY protocol, the
	 * address lists; with it required, whether the peer is a trusted balancer (the lists then wait
	 * for the header's client address).
	 * @param peer the address of the connection's peer
	 * @return why it is refused, {@code null} to go on
	 */
	public @Nullable RejectReason checkAccepted(InetAddress peer) {
		if (this.proxyProtocol.mode() == ProxyProtocol.Mode.REQUIRED && !this.proxyProtocol.trusts(peer)) {
			return RejectReason.PROXY_UNTRUSTED;
		}
		if (!this.proxyProtocol.isOn() && !this.access.permits(peer)) {
			return RejectReason.DENIED;
		}
		return null;
	}

	/**
	 * The check once the PROXY protocol step knows the client: the address lists.
	 * @param client the header's client address, or the peer's when there was no header or it
	 * carried none
	 * @return why it is refused, {@code null} to go on
	 */
	public @Nullable RejectReason checkClient(InetAddress client) {
		return this.access.permits(client) ? null : RejectReason.DENIED;
	}

	/** @return whether any step is on */
	public boolean isEmpty() {
		return this.equals(NONE);
	}

}
