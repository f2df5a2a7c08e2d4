package dev.listener.pipeline;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CidrTests {

	@ParameterizedTest(name = "{0} contains {1}: {2}")
	@CsvSource({ "10.0.0.0/8, 10.255.1.2, true", "10.0.0.0/8, 11.0.0.1, false", "127.0.0.2/32, 127.0.0.2, true",
			"127.0.0.2/32, 127.0.0.1, false", "127.0.0.2, 127.0.0.2, true", "127.0.0.2, 127.0.0.3, false",
			"192.168.4.0/22, 192.168.7.255, true", "192.168.4.0/22, 192.168.8.0, false", "0.0.0.0/0, 8.8.8.8, true",
			"0.0.0.0/0, ::1, false", "fd00::/8, fd12:3456::1, true", "fd00::/8, fe80::1, false", "::1, ::1, true",
			"::1/128, ::2, false", "::/0, 10.0.0.1, false", "2001:db8::/33, 2001:db8:7fff::1, true",
			"2001:db8::/33, 2001:db8:8000::1, false" })
	void aNetworkContainsTheAddressesUnderItsPrefix(String cidr, String address, boolean contained) throws Exception {
		assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(contained);
	}

	@Test
	void hostBitsAfterThePrefixAreClearedAsNginxDoes() {
		Cidr cidr = Cidr.parse("10.1.2.3/8");
		assertThat(cidr).hasToString("10.0.0.0/8").isEqualTo(Cidr.parse("10.0.0.0/8"));
		assertThat(Cidr.parse("fd00::1/8")).hasToString("fd00:0:0:0:0:0:0:0/8");
	}

	@Test
	void anIpv4MappedNetworkMatchesTheIpv4ClientsOfADualStackSocket() throws Exception {
		Cidr mapped = Cidr.parse("::ffff:127.0.0.0/104");
		assertThat(mapped).isEqualTo(Cidr.parse("127.0.0.0/8"));
		// Java reports a client 127.0.0.1 on an IPv6 wildcard socket as an Inet4Address
		assertThat(mapped.contains(InetAddress.getByName("::ffff:127.0.0.1"))).isTrue();
		assertThat(mapped.contains(InetAddress.getByAddress(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff,
				(byte) 0xff, 127, 0, 0, 1 }))).isTrue();
		assertThat(Cidr.parse("127.0.0.0/8").contains(InetAddress.getByName("::1"))).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "localhost | is not an IP address", "example.com | is not an IP address",
			"10.0.0.0/33 | out of range", "10.0.0.0/-1 | is not a prefix length", "10.0.0.0/ | is not a prefix length",
			"10.0.0.0/8x | is not a prefix length", "::1/129 | out of range", "256.0.0.1 | 256 is over 255",
			"10.0.0 | is not an IP address", "[::1] | is not an IP address", "fe80::1%eth0 | is not an IP address",
			"1:2:3:4:5:6:7:8:9 | is not an IPv6 address", "::ffff:10.0.0.0/95 | from 96",
			"' 10.0.0.1' | is not an IP address", "'' | is not an IP address" })
	void anythingButALiteralWithAPrefixIsRefusedWithoutALookup(String text, String says) {
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(text)).withMessageContaining(says);
	}

}
