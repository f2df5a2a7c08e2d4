package dev.listener.observation;

import java.net.SocketAddress;

import dev.listener.observation.ListenerObservationDocumentation.ConnectionHighCardinalityKeys;
import dev.listener.observation.ListenerObservationDocumentation.ConnectionLowCardinalityKeys;
import dev.listener.socket.Addresses;
import dev.listener.engine.CloseReason;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of the {@code listener.connection} observation: the listener,
 * engine, protocol, TLS and close reason as low-cardinality keys; the client's address and the
 * bytes as high-cardinality ones, on the span only.
 */
public class DefaultConnectionObservationConvention implements ConnectionObservationConvention {

	/** The observation's name, which is also the name of the timer Boot's meter handler records. */
	public static final String NAME = "listener.connection";

	@Override
	public String getName() {
		return NAME;
	}

	/** @return {@code connection default}: the span's name */
	@Override
	public String getContextualName(ConnectionObservationContext context) {
		return "connection " + context.getListenerName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ConnectionObservationContext context) {
		KeyValues values = KeyValues.of(ConnectionLowCardinalityKeys.LISTENER.withValue(context.getListenerName()),
				ConnectionLowCardinalityKeys.ENGINE.withValue(context.getEngine()),
				ConnectionLowCardinalityKeys.PROTOCOL.withValue(context.getProtocol()),
				ConnectionLowCardinalityKeys.TLS.withValue(Boolean.toString(context.isTls())));
		CloseReason reason = context.getCloseReason();
		return (reason != null) ? values.and(ConnectionLowCardinalityKeys.REASON.withValue(reason.tagValue()))
				: values;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ConnectionObservationContext context) {
		KeyValues values = KeyValues.empty();
		SocketAddress client = context.getClientAddress();
		if (client != null) {
			values = values.and(ConnectionHighCardinalityKeys.CLIENT_ADDRESS.withValue(Addresses.format(client)));
		}
		SocketAddress peer = context.getPeerAddress();
		if (context.isProxied() && peer != null) {
			values = values.and(ConnectionHighCardinalityKeys.BALANCER_ADDRESS.withValue(Addresses.format(peer)));
		}
		if (context.getCloseReason() != null) {
			values = values.and(
					ConnectionHighCardinalityKeys.BYTES_RECEIVED.withValue(Long.toString(context.getBytesReceived())),
					ConnectionHighCardinalityKeys.BYTES_SENT.withValue(Long.toString(context.getBytesSent())));
		}
		return values;
	}

}
