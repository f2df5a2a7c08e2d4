package dev.listener.socket;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * getaddrinfo's rules on the JDK: IP literals are taken as they are, names go to the system
 * resolver, no host means the wildcard (passive) or the loopback, and the family filters the
 * results.
 */
public final class SystemAddressResolver implements AddressResolver {

	private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+");

	private static final BigInteger MAX_PORT = BigInteger.valueOf(65535);

	private static final String VALID_PAIRS = "stream with tcp or sctp, dgram with udp, seqpacket with sctp";

	private final NameLookup lookup;

	private final ServiceDatabase services;

	/**
	 * Creates a resolver on the system's name service and services database.
	 */
	public SystemAddressResolver() {
		this(InetAddress::getAllByName, ServiceDatabase.system());
	}

	/**
	 * Creates a resolver on the given name service and services database.
	 * @param lookup resolves host names
	 * @param services resolves service names
	 */
	public SystemAddressResolver(NameLookup lookup, ServiceDatabase services) {
		this.lookup = lookup;
		this.services = services;
	}

	@Override
	public List<AddressInfo> resolve(ListenerSpec spec) throws ListenSocketException {
		Hints hints = spec.hints();
		if (hints.family() == Family.UNIX) {
			return List.of(UnixSockets.resolve(spec));
		}
		Protocol protocol = hints.effectiveProtocol();
		if (!protocol.supports(hints.socketType())) {
			throw failure(spec, SocketError.SOCKET_TYPE_MISMATCH,
					"socket type " + lower(hints.socketType()) + " does not go with protocol " + lower(protocol)
							+ "; valid pairs are " + VALID_PAIRS);
		}
		int port = port(spec, protocol);
		List<AddressInfo> results = new ArrayList<>();
		for (InetAddress address : addresses(spec)) {
			results.add(new AddressInfo(Family.of(address), hints.socketType(), protocol,
					new InetSocketAddress(address, port)));
		}
		return List.copyOf(results);
	}

	private int port(ListenerSpec spec, Protocol protocol) throws ListenSocketException {
		String service = spec.service().trim();
		if (NUMBER.matcher(service).matches()) {
			BigInteger port = new BigInteger(service);
			if (port.signum() < 0 || port.compareTo(MAX_PORT) > 0) {
				throw new ListenSocketException(spec, Step.RESOLVE, SocketError.INVALID_ARGUMENT, null,
						"invalid port " + service + ": out of range 0-65535", EnumSet.of(Setting.PORT), null);
			}
			return port.intValue();
		}
		OptionalInt port = this.services.port(service, lower(protocol));
		if (port.isEmpty()) {
			throw failure(spec, SocketError.UNKNOWN_SERVICE, "unknown service " + service + "/" + lower(protocol));
		}
		return port.getAsInt();
	}

	private List<InetAddress> addresses(ListenerSpec spec) throws ListenSocketException {
		Family family = spec.hints().family();
		String host = (spec.host() != null) ? spec.host().trim() : "";
		if (host.isEmpty()) {
			return spec.hints().passive() ? wildcards(family) : loopbacks(family);
		}
		if (isLiteral(host)) {
			InetAddress address = literal(spec, host);
			if (!family.matches(address)) {
				throw failure(spec, SocketError.ADDRESS_FAMILY_MISMATCH, "host " + host + " is an "
						+ ((Family.of(address) == Family.INET6) ? "IPv6" : "IPv4") + " address, not " + lower(family));
			}
			return List.of(address);
		}
		InetAddress[] found;
		try {
			found = this.lookup.lookup(host);
		}
		catch (UnknownHostException ex) {
			throw new ListenSocketException(spec, Step.RESOLVE, SocketError.UNKNOWN_HOST, null, "no such host " + host,
					ex);
		}
		Set<InetAddress> matching = new LinkedHashSet<>();
		for (InetAddress address : found) {
			if (family.matches(address)) {
				matching.add(address);
			}
		}
		if (matching.isEmpty()) {
			throw new ListenSocketException(spec, Step.RESOLVE, SocketError.UNKNOWN_HOST, null,
					"host " + host + " has no " + lower(family) + " address", EnumSet.of(Setting.FAMILY, Setting.HOST),
					null);
		}
		return List.copyOf(matching);
	}

	private static boolean isLiteral(String host) {
		return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
	}

	private static InetAddress literal(ListenerSpec spec, String host) throws ListenSocketException {
		try {
			// a literal is parsed, never looked up
			return InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			throw new ListenSocketException(spec, Step.RESOLVE, SocketError.UNKNOWN_HOST, null,
					"host " + host + " is not a valid IP address", ex);
		}
	}

	/** IPv4 first, as glibc orders the AF_UNSPEC wildcards. */
	private static List<InetAddress> wildcards(Family family) {
		return addressesOf(family, new byte[4], new byte[16], false);
	}

	/**
	 * IPv6 first, as glibc orders the AF_UNSPEC loopbacks: RFC 6724's default policy table ranks
	 * {@code ::1} above everything else.
	 */
	private static List<InetAddress> loopbacks(Family family) {
		byte[] ipv6 = new byte[16];
		ipv6[15] = 1;
		return addressesOf(family, new byte[] { 127, 0, 0, 1 }, ipv6, true);
	}

	private static List<InetAddress> addressesOf(Family family, byte[] ipv4, byte[] ipv6, boolean ipv6First) {
		try {
			return switch (family) {
				case INET -> List.of(InetAddress.getByAddress(ipv4));
				case INET6 -> List.of(InetAddress.getByAddress(ipv6));
				case UNSPEC -> ipv6First ? List.of(InetAddress.getByAddress(ipv6), InetAddress.getByAddress(ipv4))
						: List.of(InetAddress.getByAddress(ipv4), InetAddress.getByAddress(ipv6));
				case UNIX -> List.of();
			};
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ListenSocketException failure(ListenerSpec spec, SocketError error, @Nullable String reason) {
		return new ListenSocketException(spec, Step.RESOLVE, error, null, reason, null);
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The system's name service, {@link InetAddress#getAllByName(String)} by default.
	 */
	@FunctionalInterface
	public interface NameLookup {

		/**
		 * Looks a host name up.
		 * @param host the name
		 * @return its addresses
		 * @throws UnknownHostException when the name is unknown
		 */
		InetAddress[] lookup(String host) throws UnknownHostException;

	}

}
