package dev.listener.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the {@code listener.connection} observation. Declare a bean of this type to
 * replace {@link DefaultConnectionObservationConvention}, or extend that class to add keys.
 */
public interface ConnectionObservationConvention extends ObservationConvention<ConnectionObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ConnectionObservationContext;
	}

}
