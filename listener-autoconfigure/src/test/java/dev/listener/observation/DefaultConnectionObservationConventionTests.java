package dev.listener.observation;

import java.net.InetSocketAddress;

import dev.listener.pipeline.HandshakeFailure;
import dev.listener.engine.CloseReason;
import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultConnectionObservationConventionTests {

	private final DefaultConnectionObservationConvention convention = new DefaultConnectionObservationConvention();

	private final DefaultTlsHandshakeObservationConvention tls = new DefaultTlsHandshakeObservationConvention();

	@Test
	void anOpenConnectionHasItsBoundedKeysAndNoReasonYet() {
		ConnectionObservationContext context = new ConnectionObservationContext("game", "netty", "tcp", true);
		context.setPeerAddress(new InetSocketAddress("127.0.0.1", 50000));
		assertThat(this.convention.getName()).isEqualTo("listener.connection");
		assertThat(this.convention.getContextualName(context)).isEqualTo("connection game");
		assertThat(this.convention.getLowCardinalityKeyValues(context)).containsExactly(KeyValue.of("engine", "netty"),
				KeyValue.of("listener", "game"), KeyValue.of("protocol", "tcp"), KeyValue.of("tls", "true"));
		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.containsExactly(KeyValue.of("client.address", "127.0.0.1:50000"));
	}

	@Test
	void aClosedConnectionHasItsReasonAndBytes() {
		ConnectionObservationContext context = new ConnectionObservationContext("default", "blocking", "tcp", false);
		context.setPeerAddress(new InetSocketAddress("::1", 41000));
		context.setCloseReason(CloseReason.HANDLER_ERROR);
		context.setBytesReceived(12);
		context.setBytesSent(34);
		assertThat(this.convention.getLowCardinalityKeyValues(context)).contains(KeyValue.of("reason", "handler-error"),
				KeyValue.of("tls", "false"));
		assertThat(this.convention.getHighCardinalityKeyValues(context)).containsExactly(
				KeyValue.of("bytes.received", "12"), KeyValue.of("bytes.sent", "34"),
				KeyValue.of("client.address", "[::1]:41000"));
	}

	@Test
	void behindAProxyHeaderTheClientIsTheHeadersAndTheBalancerIsThePeer() {
		ConnectionObservationContext context = new ConnectionObservationContext("default", "blocking", "tcp", false);
		context.setPeerAddress(new InetSocketAddress("127.0.0.1", 50000));
		context.setClientAddress(new InetSocketAddress("203.0.113.7", 40000));
		assertThat(this.convention.getHighCardinalityKeyValues(context)).containsExactly(
				KeyValue.of("balancer.address", "127.0.0.1:50000"), KeyValue.of("client.address", "203.0.113.7:40000"));
		assertThat(this.convention.getLowCardinalityKeyValues(context)).extracting(KeyValue::getKey)
			.doesNotContain("client.address", "balancer.address");
	}

	@Test
	void aHandshakeUnderWayHasOnlyItsListenerAndEngine() {
		TlsHandshakeObservationContext context = new TlsHandshakeObservationContext("default", "blocking");
		assertThat(this.tls.getName()).isEqualTo("listener.tls.handshake");
		assertThat(this.tls.getContextualName(context)).isEqualTo("tls handshake");
		assertThat(this.tls.getLowCardinalityKeyValues(context)).containsExactly(KeyValue.of("engine", "blocking"),
				KeyValue.of("listener", "default"));
		assertThat(this.tls.getHighCardinalityKeyValues(context)).isEmpty();
	}

	@Test
	void aCompletedHandshakeHasItsProtocolAndServerName() {
		TlsHandshakeObservationContext context = new TlsHandshakeObservationContext("default", "netty");
		context.setProtocol("TLSv1.3");
		context.setServerName("game.example");
		assertThat(this.tls.getLowCardinalityKeyValues(context)).contains(KeyValue.of("tls.protocol", "TLSv1.3"),
				KeyValue.of("reason", "none"));
		assertThat(this.tls.getHighCardinalityKeyValues(context))
			.containsExactly(KeyValue.of("tls.server.name", "game.example"));
	}

	@Test
	void aFailedHandshakeHasItsReason() {
		TlsHandshakeObservationContext context = new TlsHandshakeObservationContext("default", "netty");
		context.setFailure(HandshakeFailure.CERTIFICATE);
		assertThat(this.tls.getLowCardinalityKeyValues(context)).contains(KeyValue.of("tls.protocol", "none"),
				KeyValue.of("reason", "certificate"));
	}

	@Test
	void theDocumentationNamesEveryKeyTheConventionsWrite() {
		assertThat(ListenerObservationDocumentation.CONNECTION.getLowCardinalityKeyNames())
			.extracting((key) -> key.asString())
			.containsExactly("listener", "engine", "protocol", "tls", "reason");
		assertThat(ListenerObservationDocumentation.CONNECTION.getHighCardinalityKeyNames())
			.extracting((key) -> key.asString())
			.containsExactly("client.address", "balancer.address", "bytes.received", "bytes.sent");
		assertThat(ListenerObservationDocumentation.TLS_HANDSHAKE.getLowCardinalityKeyNames())
			.extracting((key) -> key.asString())
			.containsExactly("listener", "engine", "tls.protocol", "reason");
		assertThat(ListenerObservationDocumentation.CONNECTION.getDefaultConvention())
			.isEqualTo(DefaultConnectionObservationConvention.class);
	}

}
