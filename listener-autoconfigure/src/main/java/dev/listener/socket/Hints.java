package dev.listener.socket;

import java.util.Locale;

/**
 * The hints of getaddrinfo: what kind of socket the caller wants.
 *
 * @param family {@code ai_family}
 * @param socketType {@code ai_socktype}
 * @param protocol {@code ai_protocol}
 * @param passive {@code AI_PASSIVE}: the address is for bind, so no host means the wildcard
 */
public record Hints(Family family, SocketType socketType, Protocol protocol, boolean passive) {

	/**
	 * The hints of the Winsock recipe: {@code AF_INET}, {@code SOCK_STREAM}, {@code IPPROTO_TCP},
	 * {@code AI_PASSIVE}.
	 * @return the recipe's hints
	 */
	public static Hints recipe() {
		return new Hints(Family.INET, SocketType.STREAM, Protocol.TCP, true);
	}

	/**
	 * The protocol that will be used: {@link Protocol#DEFAULT} becomes the socket type's usual one.
	 * A unix socket has no protocol number other than 0, so for {@link Family#UNIX} it is always
	 * {@link Protocol#DEFAULT}, whatever the hint says (the recipe's {@code tcp} is then ignored).
	 * @return the effective protocol
	 */
	public Protocol effectiveProtocol() {
		if (this.family == Family.UNIX) {
			return Protocol.DEFAULT;
		}
		return (this.protocol != Protocol.DEFAULT) ? this.protocol : this.socketType.defaultProtocol();
	}

	/**
	 * The network in Go's spelling ({@code tcp}, {@code tcp4}, {@code udp6}, {@code unix}), for
	 * messages.
	 * @return the network name
	 */
	public String network() {
		if (this.family == Family.UNIX) {
			return "unix";
		}
		Protocol effective = effectiveProtocol();
		String base = (effective != Protocol.DEFAULT) ? effective.name().toLowerCase(Locale.ROOT)
				: this.socketType.name().toLowerCase(Locale.ROOT);
		return base + this.family.networkSuffix();
	}

}
