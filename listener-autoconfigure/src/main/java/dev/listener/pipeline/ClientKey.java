package dev.listener.pipeline;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A client as the per-client limits count it: its address with the host bits after the listener's
 * prefix cleared, as two longs, the 128 bits of an IPv6 address. An IPv4 client is its
 * IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.0}), which no IPv6 client has: Java reports such
 * a peer as an {@link Inet4Address}, and a mapped address in 16 bytes is taken as IPv4 here too.
 */
final class ClientKey {

	/** The IPv4-mapped prefix {@code ::ffff:0:0/96} in the second long. */
	private static final long MAPPED = 0xFFFF_0000_0000L;

	private ClientKey() {
	}

	/**
	 * @param address an IPv4 address, as an int in network order
	 * @param prefix the bits that name the client, 0 to 32
	 * @return the second long of its key; the first is 0
	 */
	static long ipv4(int address, int prefix) {
		long mask = (prefix == 0) ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
		return MAPPED | (address & mask);
	}

	/**
	 * @param address an IPv4 address
	 * @return it as an int in network order, without copying its bytes:
	 * {@link Inet4Address#hashCode()} is the address itself (a test holds this)
	 */
	static int ipv4(Inet4Address address) {
		return address.hashCode();
	}

	/**
	 * @param bytes 16 bytes of an IPv6 address
	 * @return whether it is IPv4-mapped, {@code ::ffff:a.b.c.d}
	 */
	static boolean isMapped(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
	}

	/**
	 * @param bytes 16 bytes of an IPv4-mapped address
	 * @return its IPv4 address as an int in network order
	 */
	static int mappedIpv4(byte[] bytes) {
		return (int) bits(bytes, 12, 4);
	}

	/**
	 * @param bytes 16 bytes of an IPv6 address
	 * @param prefix the bits that name the client, 0 to 128
	 * @return the first long of its key
	 */
	static long ipv6High(byte[] bytes, int prefix) {
		return bits(bytes, 0, 8) & mask(Math.min(prefix, 64));
	}

	/**
	 * @param bytes 16 bytes of an IPv6 address
	 * @param prefix the bits that name the client, 0 to 128
	 * @return the second long of its key
	 */
	static long ipv6Low(byte[] bytes, int prefix) {
		return bits(bytes, 8, 8) & mask(Math.max(prefix - 64, 0));
	}

	private static long bits(byte[] bytes, int from, int count) {
		long bits = 0;
		for (int i = from; i < from + count; i++) {
			bits = (bits << 8) | (bytes[i] & 0xFF);
		}
		return bits;
	}

	/** The top {@code bits} of a long set, 0 to 64. */
	private static long mask(int bits) {
		return (bits == 0) ? 0 : -1L << (64 - bits);
	}

	/**
	 * A key as an operator reads it: {@code 127.0.0.2}, {@code 10.1.2.0/24} or
	 * {@code 2001:db8:0:1::/64}, the prefix written when it is shorter than the address.
	 * @param high the first long
	 * @param low the second long
	 * @param ipv4Prefix the prefix of IPv4 clients
	 * @param ipv6Prefix the prefix of IPv6 clients
	 * @return the client's network
	 */
	static String format(long high, long low, int ipv4Prefix, int ipv6Prefix) {
		boolean ipv4 = high == 0 && (low >>> 32) == 0xFFFF;
		byte[] bytes = new byte[ipv4 ? 4 : 16];
		if (ipv4) {
			put(bytes, 0, low, 4);
		}
		else {
			put(bytes, 0, high, 8);
			put(bytes, 8, low, 8);
		}
		int prefix = ipv4 ? ipv4Prefix : ipv6Prefix;
		try {
			String address = InetAddress.getByAddress(bytes).getHostAddress();
			return (prefix == bytes.length * 8) ? address : address + "/" + prefix;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void put(byte[] bytes, int from, long value, int count) {
		for (int i = 0; i < count; i++) {
			bytes[from + i] = (byte) (value >>> (8 * (count - 1 - i)));
		}
	}

}
