package dev.listener.pipeline;

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

	/** @return whether any step is on */
	public boolean isEmpty() {
		return this.equals(NONE);
	}

}
