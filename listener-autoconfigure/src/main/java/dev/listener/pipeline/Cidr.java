package dev.listener.pipeline;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A network written as CIDR ({@code 10.0.0.0/8}, {@code fd00::/8}), or one address ({@code /32} or
 * {@code /128}). Only literals are accepted, so parsing never looks a name up in DNS. Host bits
 * after the prefix ({@code 10.0.0.1/8}) are cleared, as nginx and HAProxy do: the network is
 * {@code 10.0.0.0/8}. An IPv4-mapped IPv6 network ({@code ::ffff:10.0.0.0/104}) is its IPv4 network,
 * so it matches the IPv4 clients of a dual-stack socket, which Java reports as IPv4 addresses.
 */
public final class Cidr {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

	/** The length of the IPv4-mapped prefix {@code ::ffff:0:0/96}. */
	private static final int MAPPED_PREFIX = 96;

	private final byte[] network;

	private final int prefixLength;

	private Cidr(byte[] network, int prefixLength) {
		this.network = network;
		this.prefixLength = prefixLength;
		for (int bit = prefixLength; bit < network.length * 8; bit++) {
			network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
	}

	/**
	 * Parses a network or an address.
	 * @param text {@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code fd00::/8} or {@code ::1}
	 * @return the network
	 * @throws IllegalArgumentException when it is not an IP literal with an optional prefix length,
	 * with a message that says what is wrong
	 */
	public static Cidr parse(String text) {
		int slash = text.indexOf('/');
		String address = (slash < 0) ? text : text.substring(0, slash);
		InetAddress parsed = literal(address);
		int bits = parsed.getAddress().length * 8;
		int offset = (parsed instanceof Inet4Address && address.contains(":")) ? MAPPED_PREFIX : 0;
		if (slash < 0) {
			return new Cidr(parsed.getAddress(), bits);
		}
		String prefix = text.substring(slash + 1);
		if (!PREFIX.matcher(prefix).matches()) {
			throw new IllegalArgumentException("'" + prefix + "' is not a prefix length: write a number from 0 to "
					+ (bits + offset) + " after the slash, as in " + address + "/" + (bits + offset) + ".");
		}
		int length = Integer.parseInt(prefix) - offset;
		if (length < 0 || length > bits) {
			throw new IllegalArgumentException("The prefix length /" + prefix + " is out of range for " + address
					+ ": it must be " + ((offset > 0) ? "from 96 (an IPv4-mapped network)" : "from 0") + " to "
					+ (bits + offset) + ".");
		}
		return new Cidr(parsed.getAddress(), length);
	}

	/**
	 * An IP literal as an address, checked to be one before {@link InetAddress} sees it, so that no
	 * name is ever looked up.
	 * @param text an IPv4 or IPv6 literal, no brackets, no zone
	 * @return the address
	 */
	static InetAddress literal(String text) {
		boolean ipv4 = IPV4.matcher(text).matches();
		if (!ipv4 && !IPV6.matcher(text).matches()) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address: write an IPv4 or IPv6 address "
					+ "(no host name, brackets or zone), optionally with a prefix length, as in 10.0.0.0/8 or fd00::/8.");
		}
		if (ipv4) {
			for (String part : text.split("\\.")) {
				if (Integer.parseInt(part) > 255) {
					throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: " + part
							+ " is over 255.");
				}
			}
		}
		try {
			return InetAddress.getByName(text);
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + text + "' is not an IPv6 address: " + ex.getMessage() + ".");
		}
	}

	/**
	 * @param address an address
	 * @return whether it is in this network
	 */
	public boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		int from = 0;
		if (bytes.length != this.network.length) {
			if (!isMapped(bytes)) {
				return false;
			}
			from = bytes.length - this.network.length;
		}
		int whole = this.prefixLength / 8;
		for (int i = 0; i < whole; i++) {
			if (bytes[from + i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xff00 >>> rest) & 0xff;
		return (bytes[from + whole] & mask) == (this.network[whole] & 0xff);
	}

	/** Whether 16 bytes are an IPv4-mapped address, as a socket outside the JDK may report one. */
	private boolean isMapped(byte[] bytes) {
		if (bytes.length != 16 || this.network.length != 4) {
			return false;
		}
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof Cidr cidr && this.prefixLength == cidr.prefixLength
				&& Arrays.equals(this.network, cidr.network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.network) + this.prefixLength;
	}

	/** @return the network as CIDR, host bits cleared: {@code 10.0.0.0/8} */
	@Override
	public String toString() {
		try {
			return InetAddress.getByAddress(this.network).getHostAddress() + "/" + this.prefixLength;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
