package dev.listener.pipeline;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A PROXY protocol header (v1 text or v2 binary, HAProxy's {@code proxy-protocol.txt}), parsed
 * from the bytes read so far: call {@link #detect} and {@link #parse} again as more arrive. Both
 * look at most at {@link #MAX_LENGTH} bytes and never past the header, so the caller keeps what
 * follows for the handler.
 *
 * @param length the header's length in bytes
 * @param client the client's address, {@code null} for a LOCAL (v2) or UNKNOWN (v1) header, which
 * a balancer sends for its own health checks
 */
public record ProxyHeader(int length, @Nullable InetSocketAddress client) {

	/**
	 * The longest header read: a v2 header with the longest addresses (16 + 216 bytes, unix paths)
	 * and 280 bytes of TLVs, room for those balancers send (ALPN, authority, unique id, CRC32C,
	 * AWS VPC endpoint id); a v1 header is at most 107 bytes. Netty's decoder is given the same
	 * limit.
	 */
	public static final int MAX_LENGTH = 512;

	/** The TLV room within {@link #MAX_LENGTH}, beyond the 216 bytes of addresses. */
	public static final int MAX_TLV_LENGTH = MAX_LENGTH - 16 - 216;

	private static final int V1_MAX_LENGTH = 107;

	private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	/**
	 * What the first bytes of a connection are.
	 */
	public enum Detection {

		/** Too few bytes to tell. */
		NEEDS_MORE,

		/** They start with a v1 or v2 signature. */
		HEADER,

		/** They are the client's own data. */
		NO_HEADER

	}

	/**
	 * Tells from the first bytes whether a header comes.
	 * @param bytes the bytes read so far, from index 0 to the position
	 * @return whether they start with a signature, or more are needed to tell
	 */
	public static Detection detect(ByteBuffer bytes) {
		Detection v1 = detect(bytes, V1_SIGNATURE);
		Detection v2 = detect(bytes, V2_SIGNATURE);
		if (v1 == Detection.HEADER || v2 == Detection.HEADER) {
			return Detection.HEADER;
		}
		return (v1 == Detection.NEEDS_MORE || v2 == Detection.NEEDS_MORE) ? Detection.NEEDS_MORE
				: Detection.NO_HEADER;
	}

	private static Detection detect(ByteBuffer bytes, byte[] signature) {
		int length = Math.min(bytes.position(), signature.length);
		for (int i = 0; i < length; i++) {
			if (bytes.get(i) != signature[i]) {
				return Detection.NO_HEADER;
			}
		}
		return (length == signature.length) ? Detection.HEADER : Detection.NEEDS_MORE;
	}

	/**
	 * Parses the header that {@link #detect} found.
	 * @param bytes the bytes read so far, from index 0 to the position, in a heap buffer
	 * @return the header, or {@code null} when more bytes are needed
	 * @throws ProtocolException when the header is malformed or longer than {@link #MAX_LENGTH}
	 */
	public static @Nullable ProxyHeader parse(ByteBuffer bytes) throws ProtocolException {
		return (bytes.get(0) == 'P') ? parseV1(bytes) : parseV2(bytes);
	}

	private static @Nullable ProxyHeader parseV1(ByteBuffer bytes) throws ProtocolException {
		int end = -1;
		for (int i = 1; i < Math.min(bytes.position(), V1_MAX_LENGTH); i++) {
			if (bytes.get(i - 1) == '\r' && bytes.get(i) == '\n') {
				end = i + 1;
				break;
			}
		}
		if (end < 0) {
			if (bytes.position() >= V1_MAX_LENGTH) {
				throw new ProtocolException("PROXY v1 header without CRLF in its first 107 bytes");
			}
			return null;
		}
		String line = new String(bytes.array(), 0, end - 2, StandardCharsets.US_ASCII);
		String[] parts = line.split(" ", -1);
		if (parts.length >= 2 && parts[1].equals("UNKNOWN")) {
			return new ProxyHeader(end, null);
		}
		if (parts.length != 6 || !(parts[1].equals("TCP4") || parts[1].equals("TCP6"))) {
			throw new ProtocolException("PROXY v1 header is not 'PROXY TCP4|TCP6 source destination sport dport'");
		}
		boolean tcp4 = parts[1].equals("TCP4");
		if (tcp4 == parts[2].contains(":") || tcp4 == parts[3].contains(":")) {
			throw new ProtocolException("PROXY v1 header's addresses are not those of " + parts[1]);
		}
		InetAddress source = address(parts[2]);
		address(parts[3]);
		port(parts[5]);
		return new ProxyHeader(end, new InetSocketAddress(source, port(parts[4])));
	}

	private static InetAddress address(String text) throws ProtocolException {
		try {
			return Cidr.literal(text);
		}
		catch (IllegalArgumentException ex) {
			throw new ProtocolException("PROXY v1 header has a bad address: " + ex.getMessage());
		}
	}

	private static int port(String text) throws ProtocolException {
		if (!text.matches("\\d{1,5}") || Integer.parseInt(text) > 65535) {
			throw new ProtocolException("PROXY v1 header has a bad port: " + text);
		}
		return Integer.parseInt(text);
	}

	private static @Nullable ProxyHeader parseV2(ByteBuffer bytes) throws ProtocolException {
		if (bytes.position() < 16) {
			return null;
		}
		int versionCommand = bytes.get(12) & 0xff;
		if (versionCommand >> 4 != 2 || (versionCommand & 0x0f) > 1) {
			throw new ProtocolException("PROXY v2 header with version/command 0x" + Integer.toHexString(versionCommand));
		}
		int length = 16 + (bytes.getShort(14) & 0xffff);
		if (length > MAX_LENGTH) {
			throw new ProtocolException("PROXY v2 header of " + length + " bytes, over the limit of " + MAX_LENGTH);
		}
		if (bytes.position() < length) {
			return null;
		}
		boolean local = (versionCommand & 0x0f) == 0;
		int family = (bytes.get(13) & 0xff) >> 4;
		if (local || family == 0 || family == 3) {
			// LOCAL, UNSPEC or unix: no client address to take
			return new ProxyHeader(length, null);
		}
		int addressLength = (family == 1) ? 4 : (family == 2) ? 16 : -1;
		if (addressLength < 0) {
			throw new ProtocolException("PROXY v2 header with address family " + family);
		}
		if (length < 16 + 2 * addressLength + 4) {
			throw new ProtocolException("PROXY v2 header too short for its addresses");
		}
		byte[] source = new byte[addressLength];
		bytes.get(16, source);
		int port = bytes.getShort(16 + 2 * addressLength) & 0xffff;
		try {
			return new ProxyHeader(length, new InetSocketAddress(InetAddress.getByAddress(source), port));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
