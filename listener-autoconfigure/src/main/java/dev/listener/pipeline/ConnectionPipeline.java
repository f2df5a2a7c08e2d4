package dev.listener.pipeline;

import java.net.InetAddress;
import java.net.InetSocketAddress;
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
	 * The limits per client when a connection is accepted: it is charged to its peer, unless the
	 * peer is a trusted balancer of the PROXY protocol, whose header names the client to charge (a
	 * balancer's own connections, without a header, are not limited per client).
	 * @param peer the connection's peer
	 * @return why it is refused, {@code null} to go on
	 */
	public @Nullable RejectReason limitAccepted(InetSocketAddress peer) {
		if (!this.limits.perClient() || isBalancer(peer)) {
			return null;
		}
		return this.limits.acquire(peer.getAddress());
	}

	/**
	 * The limits per client once a PROXY header has named the client: it is charged to that client.
	 * A header without a client address (a balancer's health check) charges nothing.
	 * @param peer the balancer
	 * @param client the header's client, the peer itself when the header carried none
	 * @return why it is refused, {@code null} to go on
	 */
	public @Nullable RejectReason limitProxied(InetSocketAddress peer, InetSocketAddress client) {
		if (!this.limits.perClient() || client.equals(peer)) {
			return null;
		}
		return this.limits.acquire(client.getAddress());
	}

	/**
	 * A connection {@link #limitAccepted} or {@link #limitProxied} admitted has closed: what it was
	 * charged, worked out again from what became of it, is given back.
	 * @param peer the connection's peer
	 * @param client its client: the header's, or the peer
	 * @param proxied whether a PROXY header named the client
	 * @param refusal why it was refused, if it was: the address lists refusing the header's client
	 * come before the limits are asked, and the limits' own refusal charges nothing
	 */
	public void limitReleased(InetSocketAddress peer, InetSocketAddress client, boolean proxied,
			@Nullable RejectReason refusal) {
		if (!this.limits.perClient()) {
			return;
		}
		if (!proxied) {
			if (!isBalancer(peer)) {
				this.limits.release(peer.getAddress());
			}
			return;
		}
		boolean charged = !client.equals(peer) && refusal != RejectReason.DENIED
				&& refusal != RejectReason.CLIENT_CONNECTIONS && refusal != RejectReason.CLIENT_RATE;
		if (charged) {
			this.limits.release(client.getAddress());
		}
	}

	private boolean isBalancer(InetSocketAddress peer) {
		return this.proxyProtocol.isOn() && this.proxyProtocol.trusts(peer.getAddress());
	}

	/**
	 * The steps that are on, for the startup log line: {@code , TLS (client-auth need), PROXY
	 * protocol required, 2 allow/deny rules, line frames up to 65536 bytes}.
	 * @return the steps, each after a comma, or an empty string when none is on
	 */
	public String describe() {
		return describe(null);
	}

	/**
	 * The steps that are on, with the TLS implementation where an engine offers more than one:
	 * {@code , TLS on OpenSSL BoringSSL (client-auth need), ...}.
	 * @param tlsProvider the TLS implementation, as the startup line names it, or {@code null} to
	 * name none
	 * @return the steps, each after a comma, or an empty string when none is on
	 */
	public String describe(@Nullable String tlsProvider) {
		StringBuilder steps = new StringBuilder();
		if (this.tls != null) {
			steps.append(", TLS ");
			if (tlsProvider != null) {
				steps.append("on ").append(tlsProvider).append(' ');
			}
			steps.append("(client-auth ").append(lower(this.tls.clientAuth()));
			if (!this.tls.serverNames().isEmpty()) {
				steps.append(", server names ").append(String.join(" ", this.tls.serverNames()));
			}
			if (!this.tls.applicationProtocols().isEmpty()) {
				steps.append(", ALPN ").append(String.join(" ", this.tls.applicationProtocols()));
			}
			steps.append(')');
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
