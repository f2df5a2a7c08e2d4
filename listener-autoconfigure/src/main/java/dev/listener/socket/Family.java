package dev.listener.socket;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The address family hint, getaddrinfo's {@code ai_family}.
 */
public enum Family implements HintValue {

	/** IPv4, {@code AF_INET}. */
	INET(List.of("AF_INET", "PF_INET"), StandardProtocolFamily.INET, "4"),

	/** IPv6, {@code AF_INET6}. */
	INET6(List.of("AF_INET6", "PF_INET6"), StandardProtocolFamily.INET6, "6"),

	/** Either family, {@code AF_UNSPEC}: every address the resolution returns. */
	UNSPEC(List.of("AF_UNSPEC", "PF_UNSPEC"), null, ""),

	/**
	 * Unix domain sockets, {@code AF_UNIX} (also spelt {@code AF_LOCAL}): a path instead of host and
	 * port, stream only (the JDK has no unix datagram channels).
	 */
	UNIX(List.of("AF_UNIX", "AF_LOCAL", "PF_UNIX", "PF_LOCAL"), StandardProtocolFamily.UNIX, "");

	private final List<String> constants;

	private final @Nullable ProtocolFamily protocolFamily;

	private final String networkSuffix;

	Family(List<String> constants, @Nullable ProtocolFamily protocolFamily, String networkSuffix) {
		this.constants = constants;
		this.protocolFamily = protocolFamily;
		this.networkSuffix = networkSuffix;
	}

	@Override
	public List<String> constants() {
		return this.constants;
	}

	/**
	 * Whether an IP address belongs to this family ({@link #UNSPEC} accepts every one, {@link #UNIX}
	 * none).
	 * @param address the address
	 * @return whether it matches
	 */
	public boolean matches(InetAddress address) {
		return switch (this) {
			case INET -> address instanceof Inet4Address;
			case INET6 -> address instanceof Inet6Address;
			case UNSPEC -> true;
			case UNIX -> false;
		};
	}

	/**
	 * The family of an address.
	 * @param address the address
	 * @return {@link #INET} or {@link #INET6}
	 */
	public static Family of(InetAddress address) {
		return (address instanceof Inet6Address) ? INET6 : INET;
	}

	/**
	 * The family of a socket address.
	 * @param address an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}
	 * @return {@link #INET}, {@link #INET6} or {@link #UNIX}
	 */
	public static Family of(SocketAddress address) {
		if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
			return of(inet.getAddress());
		}
		return (address instanceof UnixDomainSocketAddress) ? UNIX : INET;
	}

	/**
	 * Parses a family written as in configuration ({@code inet6}) or as a constant
	 * ({@code AF_INET6}).
	 * @param value the text
	 * @return the family
	 * @throws IllegalArgumentException naming the valid values
	 */
	public static Family parse(String value) {
		return Constants.parse(Family.class, "address family", value);
	}

	ProtocolFamily protocolFamily() {
		if (this.protocolFamily == null) {
			throw new IllegalStateException("AF_UNSPEC names no socket family");
		}
		return this.protocolFamily;
	}

	String networkSuffix() {
		return this.networkSuffix;
	}

}
