package dev.listener.pipeline;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateExpiredException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDK's handshake failures, as both engines see them, sorted into the bounded reasons. */
class HandshakeFailureTests {

	@Test
	void notTlsAndNothingInCommonAreProtocolFailures() {
		assertThat(HandshakeFailure.of(new SSLException("Unsupported or unrecognized SSL message")))
			.isEqualTo(HandshakeFailure.PROTOCOL);
		assertThat(HandshakeFailure.of(new SSLHandshakeException("no cipher suites in common")))
			.isEqualTo(HandshakeFailure.PROTOCOL);
		assertThat(HandshakeFailure.of(new SSLHandshakeException("Received fatal alert: protocol_version")))
			.isEqualTo(HandshakeFailure.PROTOCOL);
	}

	@Test
	void aMissingExpiredOrUntrustedCertificateIsACertificateFailure() {
		assertThat(HandshakeFailure.of(new SSLHandshakeException("Empty client certificate chain")))
			.isEqualTo(HandshakeFailure.CERTIFICATE);
		SSLHandshakeException expired = new SSLHandshakeException("PKIX path validation failed");
		expired.initCause(new CertificateExpiredException("NotAfter: Thu Jan 02 00:00:00 UTC 2020"));
		assertThat(HandshakeFailure.of(expired)).isEqualTo(HandshakeFailure.CERTIFICATE);
		assertThat(HandshakeFailure.of(new SSLHandshakeException("Received fatal alert: certificate_unknown")))
			.isEqualTo(HandshakeFailure.CERTIFICATE);
	}

	/** What the JDK's server says with ALPN and nothing in common, on either engine; before "protocol". */
	@Test
	void noApplicationProtocolInCommonHasItsOwnReason() {
		assertThat(HandshakeFailure.of(new SSLHandshakeException("No matching application layer protocol values")))
			.isEqualTo(HandshakeFailure.NO_APPLICATION_PROTOCOL);
		assertThat(HandshakeFailure.of(new SSLHandshakeException("Received fatal alert: no_application_protocol")))
			.isEqualTo(HandshakeFailure.NO_APPLICATION_PROTOCOL);
		assertThat(HandshakeFailure.NO_APPLICATION_PROTOCOL.tagValue()).isEqualTo("no-application-protocol");
	}

	@Test
	void aReadPastItsDeadlineIsATimeoutAndThePeerLeavingIsOther() {
		assertThat(HandshakeFailure.of(new SocketTimeoutException("Read timed out")))
			.isEqualTo(HandshakeFailure.TIMEOUT);
		assertThat(HandshakeFailure.of(new EOFException("The peer closed the connection during the TLS handshake")))
			.isEqualTo(HandshakeFailure.OTHER);
		assertThat(HandshakeFailure.TIMEOUT.tagValue()).isEqualTo("timeout");
	}

}
