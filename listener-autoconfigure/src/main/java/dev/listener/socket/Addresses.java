package dev.listener.socket;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Arrays;

/**
 * Formats socket addresses the way users read them: {@code 0.0.0.0:27015}, {@code [::]:27015},
 * {@code /run/app/app.sock}.
 */
public final class Addresses {

	private Addresses() {
	}

	/** How an unnamed unix socket (a client that did not bind) is shown. */
	public static final String UNNAMED = "(unnamed)";

	/**
	 * Formats an address as {@code host:port}, with IPv6 literals in brackets and without scope
	 * noise for the wildcard; a unix address as its path, {@value #UNNAMED} when it has none.
	 * @param address the address
	 * @return the text
	 */
	public static String format(SocketAddress address) {
		if (address instanceof UnixDomainSocketAddress unix) {
			String path = unix.getPath().toString();
			return path.isEmpty() ? UNNAMED : path;
		}
		if (!(address instanceof InetSocketAddress inet)) {
			return String.valueOf(address);
		}
		return format(inet);
	}

	private static String format(InetSocketAddress address) {
		if (address.isUnresolved()) {
			return address.getHostString() + ":" + address.getPort();
		}
		String host = host(address.getAddress());
		return ((address.getAddress() instanceof Inet6Address) ? "[" + host + "]" : host) + ":" + address.getPort();
	}

	/**
	 * Formats an IP address the way users write it: {@code 127.0.0.1}, {@code ::1}, {@code ::}.
	 * @param address the address
	 * @return the text
	 */
	public static String host(InetAddress address) {
		String host = address.getHostAddress();
		if (address instanceof Inet6Address) {
			return address.isAnyLocalAddress() ? "::" : compress(host);
		}
		return host;
	}

	/** RFC 5952: the longest run of two or more zero groups becomes {@code ::}. */
	private static String compress(String ipv6) {
		int scope = ipv6.indexOf('%');
		String[] groups = ((scope >= 0) ? ipv6.substring(0, scope) : ipv6).split(":");
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < groups.length; i++) {
			int length = 0;
			while (i + length < groups.length && groups[i + length].equals("0")) {
				length++;
			}
			if (length > bestLength) {
				bestStart = i;
				bestLength = length;
			}
		}
		if (bestStart < 0) {
			return ipv6;
		}
		String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
		String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
		return head + "::" + tail + ((scope >= 0) ? ipv6.substring(scope) : "");
	}

}
