package dev.listener.pipeline;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup log line names the steps a listener's connections go through.
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
	void inOptionalModeAPeerThatIsNotABalancerIsCheckedAtAcceptAndABalancerWaitsForItsHeader() throws Exception {
		ProxyProtocol proxy = new ProxyProtocol(ProxyProtocol.Mode.OPTIONAL, List.of(Cidr.parse("10.0.0.1")),
				Duration.ofSeconds(5));
		AddressFilter access = new AddressFilter(List.of(), List.of(Cidr.parse("10.0.0.0/8")));
		ConnectionPipeline pipeline = new ConnectionPipeline(access, proxy, null, Framing.NONE);
		assertThat(pipeline.checkAccepted(InetAddress.getByName("10.0.0.2"))).isEqualTo(RejectReason.DENIED);
		assertThat(pipeline.checkAccepted(InetAddress.getByName("10.0.0.1"))).isNull();
		assertThat(pipeline.checkAccepted(InetAddress.getByName("192.0.2.1"))).isNull();
	}

}
