package dev.listener.pipeline;

import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProxyHeaderTests {

	static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

	@Test
	void aV1Tcp4HeaderGivesTheClientAndItsLength() throws Exception {
		String line = "PROXY TCP4 192.0.2.7 127.0.0.1 56324 443\r\n";
		ProxyHeader header = parse(line + "GET /");
		assertThat(header.length()).isEqualTo(line.length());
		assertThat(header.client()).isEqualTo(new InetSocketAddress("192.0.2.7", 56324));
	}

	@Test
	void aV1Tcp6HeaderGivesAnIpv6Client() throws Exception {
		assertThat(parse("PROXY TCP6 2001:db8::7 ::1 4000 443\r\n").client())
			.isEqualTo(new InetSocketAddress("2001:db8::7", 4000));
	}

	@Test
	void aV1UnknownHeaderCarriesNoClient() throws Exception {
		ProxyHeader header = parse("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\nx");
		assertThat(header.client()).isNull();
		assertThat(header.length()).isEqualTo("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n".length());
	}

	@Test
	void aV2Inet4HeaderWithTlvsGivesTheClientAndSkipsTheTlvs() throws Exception {
		ByteBuffer bytes = v2(0x21, 0x11, 12 + 7);
		bytes.put(new byte[] { (byte) 192, 0, 2, 9, 127, 0, 0, 1 }).putShort((short) 40000).putShort((short) 443);
		bytes.put(new byte[] { 0x04, 0x00, 0x04, 1, 2, 3, 4 }).put("after".getBytes(StandardCharsets.US_ASCII));
		ProxyHeader header = ProxyHeader.parse(bytes);
		assertThat(header.length()).isEqualTo(16 + 19);
		assertThat(header.client()).isEqualTo(new InetSocketAddress("192.0.2.9", 40000));
	}

	@Test
	void aV2LocalHeaderCarriesNoClient() throws Exception {
		ProxyHeader header = ProxyHeader.parse(v2(0x20, 0x00, 0));
		assertThat(header).isEqualTo(new ProxyHeader(16, null));
	}

	@Test
	void aHeaderArrivingOneByteAtATimeIsParsedOnceComplete() throws Exception {
		byte[] all = "PROXY TCP4 192.0.2.7 127.0.0.1 56324 443\r\n".getBytes(StandardCharsets.US_ASCII);
		ByteBuffer bytes = ByteBuffer.allocate(ProxyHeader.MAX_LENGTH);
		for (int i = 0; i < all.length - 1; i++) {
			bytes.put(all[i]);
			assertThat(ProxyHeader.detect(bytes)).isEqualTo((i < 5) ? ProxyHeader.Detection.NEEDS_MORE
					: ProxyHeader.Detection.HEADER);
			assertThat(ProxyHeader.parse(bytes)).as("after %d bytes", i + 1).isNull();
		}
		bytes.put(all[all.length - 1]);
		assertThat(ProxyHeader.parse(bytes).length()).isEqualTo(all.length);
	}

	@Test
	void bytesThatNoSignatureStartsWithAreNoHeaderAtOnce() {
		assertThat(ProxyHeader.detect(ByteBuffer.allocate(16).put((byte) 'h'))).isEqualTo(ProxyHeader.Detection.NO_HEADER);
		assertThat(ProxyHeader.detect(ByteBuffer.allocate(16).put("PROXZ".getBytes(StandardCharsets.US_ASCII))))
			.isEqualTo(ProxyHeader.Detection.NO_HEADER);
		assertThat(ProxyHeader.detect(ByteBuffer.allocate(16).put(new byte[] { 0x0D, 0x0A })))
			.isEqualTo(ProxyHeader.Detection.NEEDS_MORE);
		assertThat(ProxyHeader.detect(ByteBuffer.allocate(16).put(V2_SIGNATURE))).isEqualTo(ProxyHeader.Detection.HEADER);
	}

	@ParameterizedTest
	@ValueSource(strings = { "PROXY TCP4 192.0.2.7 127.0.0.1 56324\r\n", "PROXY TCP5 1.2.3.4 1.2.3.4 1 2\r\n",
			"PROXY TCP4 ::1 ::1 1 2\r\n", "PROXY TCP6 1.2.3.4 1.2.3.4 1 2\r\n", "PROXY TCP4 1.2.3.4 1.2.3.4 1 65536\r\n",
			"PROXY TCP4 example.com 1.2.3.4 1 2\r\n", "PROXY TCP4 1.2.3.4  1.2.3.4 1 2\r\n" })
	void aMalformedV1HeaderIsRefused(String line) {
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> parse(line));
	}

	@Test
	void aV1HeaderWithoutCrlfIn107BytesIsRefused() {
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> parse("PROXY TCP4 " + "1".repeat(100)))
			.withMessageContaining("107 bytes");
	}

	@Test
	void aV2HeaderOverTheLimitIsRefusedAsSoonAsItsLengthIsRead() {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> ProxyHeader.parse(v2(0x21, 0x11, ProxyHeader.MAX_LENGTH - 16 + 1)))
			.withMessageContaining("over the limit of 512");
	}

	@Test
	void aV2HeaderOfAnotherVersionOrCommandIsRefused() {
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> ProxyHeader.parse(v2(0x31, 0x11, 12)));
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> ProxyHeader.parse(v2(0x22, 0x11, 12)));
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> ProxyHeader.parse(v2(0x21, 0x11, 8).put(new byte[8])));
	}

	private static ProxyHeader parse(String text) throws ProtocolException {
		ByteBuffer bytes = ByteBuffer.allocate(ProxyHeader.MAX_LENGTH);
		bytes.put(text.getBytes(StandardCharsets.US_ASCII));
		return ProxyHeader.parse(bytes);
	}

	/** A v2 header's first 16 bytes, positioned after them. */
	static ByteBuffer v2(int versionCommand, int family, int length) {
		return ByteBuffer.allocate(ProxyHeader.MAX_LENGTH + 64)
			.put(V2_SIGNATURE)
			.put((byte) versionCommand)
			.put((byte) family)
			.putShort((short) length);
	}

}
