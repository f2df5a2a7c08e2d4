package dev.listener.test;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * PROXY protocol headers (HAProxy's proxy-protocol.txt) as a balancer sends them: version 1, the
 * text line, and version 2, the binary form, for a TCP client over IPv4 or IPv6.
 */
final class ProxyHeaders {

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private ProxyHeaders() {
	}

	static byte[] v1(InetSocketAddress client, InetSocketAddress listener) {
		boolean ipv4 = client.getAddress() instanceof Inet4Address;
		checkSameFamily(client, listener);
		String line = "PROXY " + (ipv4 ? "TCP4 " : "TCP6 ") + client.getAddress().getHostAddress() + " "
				+ listener.getAddress().getHostAddress() + " " + client.getPort() + " " + listener.getPort() + "\r\n";
		return line.getBytes(StandardCharsets.US_ASCII);
	}

	static byte[] v2(InetSocketAddress client, InetSocketAddress listener) {
		boolean ipv4 = client.getAddress() instanceof Inet4Address;
		checkSameFamily(client, listener);
		byte[] source = client.getAddress().getAddress();
		byte[] destination = listener.getAddress().getAddress();
		int length = source.length * 2 + 4;
		ByteArrayOutputStream out = new ByteArrayOutputStream(16 + length);
		out.writeBytes(V2_SIGNATURE);
		out.write(0x21); // version 2, PROXY
		out.write(ipv4 ? 0x11 : 0x21); // TCP over IPv4 or IPv6
		out.write(length >>> 8);
		out.write(length);
		out.writeBytes(source);
		out.writeBytes(destination);
		out.write(client.getPort() >>> 8);
		out.write(client.getPort());
		out.write(listener.getPort() >>> 8);
		out.write(listener.getPort());
		return out.toByteArray();
	}

	private static void checkSameFamily(InetSocketAddress client, InetSocketAddress listener) {
		if (client.getAddress() == null || listener.getAddress() == null
				|| (client.getAddress() instanceof Inet4Address) != (listener.getAddress() instanceof Inet4Address)) {
			throw new IllegalArgumentException("A PROXY header carries two addresses of one family: the client "
					+ client + " and the listener " + listener);
		}
	}

}
