package dev.listener.pipeline;

import java.net.SocketTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;

import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Why a TLS handshake failed; a fixed set, so the {@code reason} tag of
 * {@code listener.tls.handshake.failures} stays bounded. Both engines run the JDK's TLS, so one
 * classification of its exceptions serves both; a handshake past its timeout is counted as such by
 * the engine that ended it.
 */
public enum HandshakeFailure {

	/** Not TLS at all (no ClientHello), or no protocol version or cipher suite in common. */
	PROTOCOL,

	/** A client certificate missing where one is needed, expired, or not trusted; or ours refused. */
	CERTIFICATE,

	/**
	 * The client offered application protocols (ALPN) and none of {@code listener.ssl.application-protocols}:
	 * it was sent the alert {@code no_application_protocol}.
	 */
	NO_APPLICATION_PROTOCOL,

	/** The handshake did not finish within the listener's handshake timeout. */
	TIMEOUT,

	/** Anything else, such as the peer closing in the middle of the handshake. */
	OTHER;

	/** @return the value as the meters' tag shows it */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Classifies what a handshake failed with. The JDK says most through the alert it sends or
	 * receives, so the messages are read too.
	 * @param failure what the handshake threw
	 * @return the reason
	 */
	public static HandshakeFailure of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException) {
				return TIMEOUT;
			}
			if (cause instanceof CertificateException || cause instanceof CertPathValidatorException
					|| cause instanceof SSLPeerUnverifiedException) {
				return CERTIFICATE;
			}
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = (cause.getMessage() != null) ? cause.getMessage().toLowerCase(Locale.ROOT) : "";
			if (message.contains("application protocol") || message.contains("application layer protocol")
					|| message.contains("no_application_protocol")) {
				return NO_APPLICATION_PROTOCOL;
			}
			if (message.contains("certificate")) {
				return CERTIFICATE;
			}
			if (message.contains("unrecognized ssl message") || message.contains("not an ssl/tls record")
					|| message.contains("protocol") || message.contains("cipher suite")
					|| message.contains("handshake_failure")) {
				return PROTOCOL;
			}
		}
		return OTHER;
	}

}
