package dev.listener.handler;

import javax.net.ssl.SSLException;

/**
 * The peer sent, after the TLS handshake, a record that cannot be read: not TLS, or failing its
 * integrity check. The peer's fault, as a failed handshake is: the engine closes the connection as
 * {@code rejected} when the handler lets this out, and does not count it as the handler's failure.
 */
public class TlsRecordException extends SSLException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param cause what the {@code SSLEngine} reported
	 */
	public TlsRecordException(SSLException cause) {
		super(cause.getMessage(), cause);
	}

}
