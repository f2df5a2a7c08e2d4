package dev.listener.socket;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

class SystemAddressResolverTests {

	private static final ServiceDatabase SERVICES = ServiceDatabase
		.parse(List.of("http 80/tcp www", "syslog 514/udp", "sip 5060/sctp"));

	private final SystemAddressResolver resolver = new SystemAddressResolver(this::lookup, SERVICES);

	private InetAddress[] lookup(String host) throws UnknownHostException {
		return switch (host) {
			case "dual.example" -> new InetAddress[] { InetAddress.getByName("192.0.2.7"),
					InetAddress.getByName("2001:db8::7"), InetAddress.getByName("192.0.2.7") };
			case "v4only.example" -> new InetAddress[] { InetAddress.getByName("192.0.2.8") };
			default -> throw new UnknownHostException(host);
		};
	}

	@Test
	void passiveWithoutHostIsTheIpv4Wildcard() throws Exception {
		assertThat(addresses(spec(Family.INET, null, "27015"))).containsExactly("0.0.0.0:27015");
	}

	@Test
	void passiveWithoutHostIsTheIpv6WildcardForInet6() throws Exception {
		assertThat(addresses(spec(Family.INET6, null, "27015"))).containsExactly("[::]:27015");
	}

	@Test
	void unspecPassiveWithoutHostIsBothWildcardsIpv4First() throws Exception {
		List<AddressInfo> results = this.resolver.resolve(spec(Family.UNSPEC, null, "27015"));
		assertThat(results).extracting(AddressInfo::toString).containsExactly("0.0.0.0:27015", "[::]:27015");
		assertThat(results).extracting(AddressInfo::family).containsExactly(Family.INET, Family.INET6);
	}

	@Test
	void notPassiveWithoutHostIsTheLoopbackIpv6FirstAsGlibcOrdersIt() throws Exception {
		Hints hints = new Hints(Family.UNSPEC, SocketType.STREAM, Protocol.TCP, false);
		assertThat(addresses(new ListenerSpec("default", hints, null, "27015", SocketOptions.defaults())))
			.containsExactly("[::1]:27015", "127.0.0.1:27015");
	}

	@Test
	void literalIsTakenWithoutLookup() throws Exception {
		SystemAddressResolver noLookup = new SystemAddressResolver((host) -> fail("looked up " + host), SERVICES);
		assertThat(noLookup.resolve(spec(Family.INET6, "::1", "8080"))).extracting(AddressInfo::toString)
			.containsExactly("[::1]:8080");
		assertThat(noLookup.resolve(spec(Family.INET, "127.0.0.1", "8080"))).extracting(AddressInfo::toString)
			.containsExactly("127.0.0.1:8080");
	}

	@Test
	void literalOfTheOtherFamilyIsEaiAddrfamily() {
		assertThatExceptionOfType(ListenSocketException.class)
			.isThrownBy(() -> this.resolver.resolve(spec(Family.INET, "::1", "27015")))
			.satisfies((ex) -> {
				assertThat(ex.error()).isEqualTo(SocketError.ADDRESS_FAMILY_MISMATCH);
				assertThat(ex.step()).isEqualTo(Step.RESOLVE);
				assertThat(ex.getMessage()).contains("::1 is an IPv6 address").contains("EAI_ADDRFAMILY");
			});
	}

	@Test
	void nameIsFilteredByFamily() throws Exception {
		assertThat(addresses(spec(Family.INET6, "dual.example", "1"))).containsExactly("[2001:db8::7]:1");
		assertThat(addresses(spec(Family.INET, "dual.example", "1"))).containsExactly("192.0.2.7:1");
	}

	@Test
	void unspecNameGivesEveryAddressOnceInResolverOrder() throws Exception {
		assertThat(addresses(spec(Family.UNSPEC, "dual.example", "1"))).containsExactly("192.0.2.7:1",
				"[2001:db8::7]:1");
	}

	@Test
	void nameWithoutAddressOfTheFamilyIsEaiNoname() {
		assertThatExceptionOfType(ListenSocketException.class)
			.isThrownBy(() -> this.resolver.resolve(spec(Family.INET6, "v4only.example", "1")))
			.satisfies((ex) -> {
				assertThat(ex.error()).isEqualTo(SocketError.UNKNOWN_HOST);
				assertThat(ex.getMessage()).contains("has no inet6 address").contains("EAI_NONAME / WSAHOST_NOT_FOUND");
			});
	}

	@Test
	void unknownNameIsEaiNoname() {
		assertThatExceptionOfType(ListenSocketException.class)
			.isThrownBy(() -> this.resolver.resolve(spec(Family.INET, "no-such-host.invalid", "1")))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(SocketError.UNKNOWN_HOST));
	}

	@Test
	void socketTypeAndProtocolMustAgree() {
		Hints hints = new Hints(Family.INET, SocketType.DGRAM, Protocol.TCP, true);
		assertThatExceptionOfType(ListenSocketException.class)
			.isThrownBy(() -> this.resolver.resolve(new ListenerSpec("default", hints, null, "1", SocketOptions.defaults())))
			.satisfies((ex) -> {
				assertThat(ex.error()).isEqualTo(SocketError.SOCKET_TYPE_MISMATCH);
				assertThat(ex.getMessage()).contains("EAI_SOCKTYPE").contains("dgram with udp");
			});
	}

	@Test
	void defaultProtocolPicksTheSocketTypesUsualOne() throws Exception {
		assertThat(protocol(SocketType.STREAM, Protocol.DEFAULT)).isEqualTo(Protocol.TCP);
		assertThat(protocol(SocketType.DGRAM, Protocol.DEFAULT)).isEqualTo(Protocol.UDP);
		assertThat(protocol(SocketType.SEQPACKET, Protocol.DEFAULT)).isEqualTo(Protocol.SCTP);
		assertThat(protocol(SocketType.STREAM, Protocol.SCTP)).isEqualTo(Protocol.SCTP);
	}

	@Test
	void portOutOfRangeIsRefused() {
		for (String port : List.of("65536", "-1")) {
			assertThatExceptionOfType(ListenSocketException.class)
				.isThrownBy(() -> this.resolver.resolve(spec(Family.INET, null, port)))
				.satisfies((ex) -> {
					assertThat(ex.error()).isEqualTo(SocketError.INVALID_ARGUMENT);
					assertThat(ex.reason()).isEqualTo("invalid port " + port + ": out of range 0-65535");
				});
		}
	}

	@Test
	void portBoundsAreAccepted() throws Exception {
		assertThat(addresses(spec(Family.INET, null, "0"))).containsExactly("0.0.0.0:0");
		assertThat(addresses(spec(Family.INET, null, "65535"))).containsExactly("0.0.0.0:65535");
	}

	@Test
	void serviceNameIsLookedUpForTheProtocol() throws Exception {
		assertThat(addresses(spec(Family.INET, null, "http"))).containsExactly("0.0.0.0:80");
		Hints udp = new Hints(Family.INET, SocketType.DGRAM, Protocol.UDP, true);
		assertThat(this.resolver.resolve(new ListenerSpec("default", udp, null, "syslog", SocketOptions.defaults())))
			.extracting(AddressInfo::toString)
			.containsExactly("0.0.0.0:514");
	}

	@Test
	void unknownServiceIsEaiService() {
		assertThatExceptionOfType(ListenSocketException.class)
			.isThrownBy(() -> this.resolver.resolve(spec(Family.INET, null, "nosuchservice")))
			.satisfies((ex) -> {
				assertThat(ex.error()).isEqualTo(SocketError.UNKNOWN_SERVICE);
				assertThat(ex.getMessage())
					.isEqualTo("listen tcp4 :nosuchservice: lookup: unknown service nosuchservice/tcp "
							+ "(EAI_SERVICE / WSATYPE_NOT_FOUND)");
			});
	}

	private Protocol protocol(SocketType type, Protocol protocol) throws ListenSocketException {
		Hints hints = new Hints(Family.INET, type, protocol, true);
		return this.resolver.resolve(new ListenerSpec("default", hints, null, "1", SocketOptions.defaults()))
			.get(0)
			.protocol();
	}

	private List<String> addresses(ListenerSpec spec) throws ListenSocketException {
		return this.resolver.resolve(spec).stream().map(AddressInfo::toString).toList();
	}

	static ListenerSpec spec(Family family, String host, String port) {
		return new ListenerSpec("default", new Hints(family, SocketType.STREAM, Protocol.TCP, true), host, port,
				SocketOptions.defaults());
	}

}
