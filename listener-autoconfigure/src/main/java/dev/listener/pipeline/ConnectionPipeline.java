package dev.listener.pipeline;

import java.net.InetAddress;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The steps an accepted connection goes through before its handler, in this order: the address
 * check (against the client address from the PROXY header when that is on), the PROXY protocol
 * header, the TLS handshake, then framing; the limits per client apply once the client is known,
 * at accept or behind the PROXY protocol after its header.
 *
 * @param access which client addresses may connect
 * @param proxyProtocol whether a PROXY protocol header comes first, and from whom
 * @param tls the TLS server side, {@code null} for plain TCP
 * @param framing how the byte stream is split into messages
 * @param limits the limits per client and on the accept rate, with the listener's table of clients
 */
public record ConnectionPipeline(AddressFilter access, ProxyProtocol proxyProtocol, @Nullable Tls tls,
		Framing framing, ClientLimits limits) {

	/** No step: every address, no header, plain TCP, a byte stream, no limit. */
	public static final ConnectionPipeline NONE = new ConnectionPipeline(AddressFilter.ALLOW_ALL, ProxyProtocol.OFF,
			null, Framing.NONE);

	/**
	 * The steps without a limit.
	 * @param access which client addresses may connect
	 * @param proxyProtocol whether a PROXY protocol header comes first, and from whom
	 * @param tls the TLS server side, {@code null} for plain TCP
	 * @param framing how the byte stream is split into messages
	 */
	public ConnectionPipeline(AddressFilter access, ProxyProtocol proxyProtocol, @Nullable Tls tls, Framing framing) {
		this(access, proxyProtocol, tls, framing, ClientLimits.OFF);
	}

	/**
	 * The check right after accept, before any byte is read: with the PROXY protocol required,
	 * whether the peer is a trusted balancer; then the address lists, against the peer itself
	 * unless it is a trusted balancer, whose header names the client the lists wait for. A peer
	 * that may not send a header is its own client, so a denied one is refused here even in
	 * optional mode, rather than holding a connection until its first bytes or the header timeout.
	 * @param peer the address of the connection's peer
	 * @return why it is refused, {@code null} to go on
	 */
	public @Nullable RejectReason checkAccepted(InetAddress peer) {
		boolean balancer = this.proxyProtocol.isOn() && this.proxyProtocol.trusts(peer);
		if (this.proxyProtocol.mode() == ProxyProtocol.Mode.REQUIRED && !balancer) {
			return RejectReason.PROXY_UNTRUSTED;
		}
		if (!balancer && !this.access.allowsAll() && !this.access.permits(peer)) {
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

	/**
	 * The steps that are on, for the startup log line: {@code , TLS (client-auth need), PROXY
	 * protocol required, 2 allow/deny rules, line frames up to 65536 bytes}.
	 * @return the steps, each after a comma, or an empty string when none is on
	 */
	public String describe() {
		StringBuilder steps = new StringBuilder();
		if (this.tls != null) {
			steps.append(", TLS (client-auth ").append(lower(this.tls.clientAuth())).append(')');
		}
		if (this.proxyProtocol.isOn()) {
			steps.append(", PROXY protocol ").append(lower(this.proxyProtocol.mode()));
		}
		int rules = this.access.allow().size() + this.access.deny().size();
		if (rules > 0) {
			steps.append(", ").append(rules).append(" allow/deny rule").append((rules != 1) ? "s" : "");
		}
		if (this.framing.isOn()) {
			steps.append(", ").append(lower(this.framing.type())).append(" frames up to ")
				.append(this.framing.maxFrameSize()).append(" bytes");
		}
		steps.append(this.limits.describe());
		return steps.toString();
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
