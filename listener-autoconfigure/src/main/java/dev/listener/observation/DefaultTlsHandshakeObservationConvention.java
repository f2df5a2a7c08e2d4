package dev.listener.observation;

import dev.listener.observation.ListenerObservationDocumentation.TlsHandshakeHighCardinalityKeys;
import dev.listener.observation.ListenerObservationDocumentation.TlsHandshakeLowCardinalityKeys;
import dev.listener.pipeline.HandshakeFailure;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of the {@code listener.tls.handshake} observation: the listener,
 * engine, protocol negotiated and failure reason as low-cardinality keys; the server name the
 * client asked for as a high-cardinality one.
 */
public class DefaultTlsHandshakeObservationConvention implements TlsHandshakeObservationConvention {

	/** The observation's name. */
	public static final String NAME = "listener.tls.handshake";

	private static final String NONE = "none";

	@Override
	public String getName() {
		return NAME;
	}

	/** @return {@code tls handshake}, as Reactor Netty names its span */
	@Override
	public String getContextualName(TlsHandshakeObservationContext context) {
		return "tls handshake";
	}

	/**
	 * The protocol and the reason once it has ended, with {@code none} for the one that does not
	 * apply; while it is under way (the {@code .active} meter) the listener and engine only.
	 */
	@Override
	public KeyValues getLowCardinalityKeyValues(TlsHandshakeObservationContext context) {
		KeyValues values = KeyValues.of(TlsHandshakeLowCardinalityKeys.LISTENER.withValue(context.getListenerName()),
				TlsHandshakeLowCardinalityKeys.ENGINE.withValue(context.getEngine()));
		String protocol = context.getProtocol();
		HandshakeFailure failure = context.getFailure();
		if (protocol == null && failure == null) {
			return values;
		}
		return values.and(TlsHandshakeLowCardinalityKeys.TLS_PROTOCOL.withValue((protocol != null) ? protocol : NONE),
				TlsHandshakeLowCardinalityKeys.REASON.withValue((failure != null) ? failure.tagValue() : NONE));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(TlsHandshakeObservationContext context) {
		String serverName = context.getServerName();
		return (serverName != null)
				? KeyValues.of(TlsHandshakeHighCardinalityKeys.SERVER_NAME.withValue(AccessLogFormat.printable(serverName)))
				: KeyValues.empty();
	}

}
