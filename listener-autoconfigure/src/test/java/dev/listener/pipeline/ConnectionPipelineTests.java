package dev.listener.pipeline;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup log line names the steps a listener's connections go through; the limits per client
 * are charged to the client the steps know of.
 */
class ConnectionPipelineTests {

	@Test
	void noStepDescribesAsNothing() {
		assertThat(ConnectionPipeline.NONE.describe()).isEmpty();
	}

	@Test
	void everyStepThatIsOnIsNamedInOrder() throws Exception {
		Tls tls = new Tls(new Tls.Material(SSLContext.getDefault(), null, null), Tls.ClientAuth.NEED,
				Duration.ofSeconds(10));
		ProxyProtocol proxy = new ProxyProtocol(ProxyProtocol.Mode.REQUIRED, List.of(Cidr.parse("10.0.0.0/8")),
				Duration.ofSeconds(5));
		AddressFilter access = new AddressFilter(List.of(Cidr.parse("10.0.0.0/8")), List.of(Cidr.parse("10.0.0.2")));
		ConnectionPipeline pipeline = new ConnectionPipeline(access, proxy, tls,
				new Framing(Framing.Type.LENGTH_FIELD, 1024));
		assertThat(pipeline.describe()).isEqualTo(", TLS (client-auth need), PROXY protocol required, "
				+ "2 allow/deny rules, length-field frames up to 1024 bytes");
	}

	@Test
	void tlsNamesItsServerNamesAndApplicationProtocols() throws Exception {
		Tls tls = new Tls(new Tls.Material(SSLContext.getDefault(), null, null), Tls.ClientAuth.NONE,
				Duration.ofSeconds(10), List.of("h2", "http/1.1"), List.of("a.test", "*.b.test"));
		ConnectionPipeline pipeline = new ConnectionPipeline(AddressFilter.ALLOW_ALL, ProxyProtocol.OFF, tls,
				Framing.NONE);
		assertThat(pipeline.describe())
			.isEqualTo(", TLS (client-auth none, server names a.test *.b.test, ALPN h2 http/1.1)");
	}

	@Test
	void anEngineThatNamesItsTlsImplementationNamesTlsOnceWithIt() throws Exception {
		Tls tls = new Tls(new Tls.Material(SSLContext.getDefault(), null, null), Tls.ClientAuth.WANT,
				Duration.ofSeconds(10), List.of("h2"), List.of());
		ConnectionPipeline pipeline = new ConnectionPipeline(AddressFilter.ALLOW_ALL, ProxyProtocol.OFF, tls,
				Framing.NONE);
		assertThat(pipeline.describe("OpenSSL BoringSSL")).isEqualTo(", TLS on OpenSSL BoringSSL (client-auth want, ALPN h2)");
		assertThat(new ConnectionPipeline(AddressFilter.ALLOW_ALL, ProxyProtocol.OFF, null, Framing.NONE).describe("JDK"))
			.as("no TLS, no implementation")
			.isEmpty();
	}

	@Test
	void inOptionalModeAPeerThatIsNotABalancerIsCheckedAtAcceptAndABalancerWaitsForItsHeader() throws Exception {
		ProxyProtocol proxy = new ProxyProtocol(ProxyProtocol.Mode.OPTIONAL, List.of(Cidr.parse("10.0.0.1")),
				Duration.ofSeconds(5));
		AddressFilter access = new AddressFilter(List.of(), List.of(Cidr.parse("10.0.0.0/8")));
		ConnectionPipeline pipeline = new ConnectionPipeline(access, proxy, null, Framing.NONE);
		assertThat(pipeline.checkAccepted(InetAddress.getByName("10.0.0.2"))).isEqualTo(RejectReason.DENIED);
		assertThat(pipeline.checkAccepted(InetAddress.getByName("10.0.0.1"))).isNull();
		assertThat(pipeline.checkAccepted(InetAddress.getByName("192.0.2.1"))).isNull();
	}

	@Test
	void withoutTheProxyProtocolAConnectionIsChargedToItsPeerAndGivenBackAtClose() throws Exception {
		ClientLimits limits = limits(1);
		ConnectionPipeline pipeline = new ConnectionPipeline(AddressFilter.ALLOW_ALL, ProxyProtocol.OFF, null,
				Framing.NONE, limits);
		InetSocketAddress peer = address("192.0.2.1", 40000);
		assertThat(pipeline.limitAccepted(peer)).isNull();
		assertThat(pipeline.limitAccepted(address("192.0.2.1", 40001))).isEqualTo(RejectReason.CLIENT_CONNECTIONS);
		pipeline.limitReleased(peer, peer, false, null);
		assertThat(limits.clients()).isZero();
	}

	@Test
	void behindTheProxyProtocolTheHeadersClientIsChargedAndNotTheBalancer() throws Exception {
		ClientLimits limits = limits(1);
		ConnectionPipeline pipeline = proxied(limits);
		InetSocketAddress balancer = address("10.0.0.1", 40000);
		InetSocketAddress client = address("192.0.2.1", 50000);
		assertThat(pipeline.limitAccepted(balancer)).as("the balancer at accept").isNull();
		assertThat(pipeline.limitAccepted(address("10.0.0.1", 40001))).as("and again").isNull();
		assertThat(pipeline.limitProxied(balancer, client)).isNull();
		assertThat(pipeline.limitProxied(address("10.0.0.1", 40002), address("192.0.2.1", 50001)))
			.isEqualTo(RejectReason.CLIENT_CONNECTIONS);
		assertThat(limits.top()).extracting(ClientLimits.Client::client).containsExactly("192.0.2.1");
		pipeline.limitReleased(balancer, client, true, null);
		assertThat(limits.clients()).isZero();
	}

	@Test
	void aHeaderWithoutAClientChargesNothing() throws Exception {
		ClientLimits limits = limits(1);
		ConnectionPipeline pipeline = proxied(limits);
		InetSocketAddress balancer = address("10.0.0.1", 40000);
		assertThat(pipeline.limitProxied(balancer, balancer)).isNull();
		assertThat(pipeline.limitProxied(balancer, balancer)).isNull();
		pipeline.limitReleased(balancer, balancer, true, null);
		assertThat(limits.clients()).isZero();
	}

	@Test
	void aProxiedConnectionRefusedBeforeItWasChargedGivesNothingBack() throws Exception {
		ClientLimits limits = limits(1);
		ConnectionPipeline pipeline = proxied(limits);
		InetSocketAddress balancer = address("10.0.0.1", 40000);
		InetSocketAddress client = address("192.0.2.1", 50000);
		assertThat(pipeline.limitProxied(balancer, client)).isNull();
		// refused by the address lists before the limits were asked, and by the limits themselves
		pipeline.limitReleased(balancer, address("192.0.2.1", 50001), true, RejectReason.DENIED);
		pipeline.limitReleased(balancer, address("192.0.2.1", 50002), true, RejectReason.CLIENT_CONNECTIONS);
		assertThat(limits.top()).singleElement().satisfies((top) -> assertThat(top.connections()).isOne());
		// refused after it was charged, by a step after the limits: given back
		pipeline.limitReleased(balancer, client, true, RejectReason.ERROR);
		assertThat(limits.clients()).isZero();
	}

	@Test
	void theLimitsThatAreOnAreNamedLast() {
		ConnectionPipeline pipeline = new ConnectionPipeline(AddressFilter.ALLOW_ALL, ProxyProtocol.OFF, null,
				Framing.NONE, limits(10));
		assertThat(pipeline.describe()).isEqualTo(", per client 10 connections");
	}

	private static ConnectionPipeline proxied(ClientLimits limits) {
		ProxyProtocol proxy = new ProxyProtocol(ProxyProtocol.Mode.REQUIRED, List.of(Cidr.parse("10.0.0.0/8")),
				Duration.ofSeconds(5));
		return new ConnectionPipeline(AddressFilter.ALLOW_ALL, proxy, null, Framing.NONE, limits);
	}

	private static ClientLimits limits(int maxConnections) {
		return new ClientLimits(
				new ClientLimits.Settings(maxConnections, 0, Duration.ofSeconds(10), 32, 64, 100, 0, false));
	}

	private static InetSocketAddress address(String host, int port) throws Exception {
		return new InetSocketAddress(InetAddress.getByName(host), port);
	}

}
