package dev.listener.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the {@code listener.tls.handshake} observation. Declare a bean of this type to
 * replace {@link DefaultTlsHandshakeObservationConvention}, or extend that class to add keys.
 */
public interface TlsHandshakeObservationConvention extends ObservationConvention<TlsHandshakeObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof TlsHandshakeObservationContext;
	}

}
