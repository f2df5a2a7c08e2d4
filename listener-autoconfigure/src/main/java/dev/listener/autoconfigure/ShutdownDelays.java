package dev.listener.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import dev.listener.pipeline.Durations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Checks each listener's {@code shutdown-delay} against the shutdown phase it runs in. The delay
 * runs in the listeners' lifecycle phase, as Boot's own graceful shutdown does its waiting, so
 * {@code spring.lifecycle.timeout-per-shutdown-phase} bounds the delay and the drain together: a
 * delay as long as the phase's timeout leaves no time to drain, and the context closes the open
 * connections when the phase ends. That is warned about once per property at startup.
 */
final class ShutdownDelays {

	private static final Log logger = LogFactory.getLog(ShutdownDelays.class);

	static final String PHASE_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";

	/** Boot's default for {@value #PHASE_TIMEOUT}. */
	private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

	private final Duration phaseTimeout;

	private final Binder binder;

	private final Set<String> warned = new HashSet<>();

	ShutdownDelays(Environment environment) {
		this.binder = Binder.get(environment);
		this.phaseTimeout = this.binder.bind(PHASE_TIMEOUT, Duration.class).orElse(DEFAULT_PHASE_TIMEOUT);
	}

	/**
	 * Checks a listener's delay.
	 * @param delay its delay, maybe inherited from {@code listener.shutdown-delay}
	 * @param names its property names
	 * @return the delay
	 * @throws InvalidConfigurationPropertyValueException when it is negative
	 */
	Duration of(Duration delay, ListenerPropertyNames names) {
		String property = this.binder.bind(names.name("shutdown-delay"), Duration.class).isBound()
				? names.name("shutdown-delay") : "listener.shutdown-delay";
		if (delay.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(property, Durations.format(delay),
					"It must not be negative: set how long the listener goes on accepting at shutdown, such as "
							+ "10s (a number alone is in seconds), or remove it for none.");
		}
		if (!delay.isZero() && delay.compareTo(this.phaseTimeout) >= 0 && this.warned.add(property)
				&& logger.isWarnEnabled()) {
			logger.warn(property + "=" + Durations.format(delay) + " is not shorter than " + PHASE_TIMEOUT + "="
					+ Durations.format(this.phaseTimeout) + ", which bounds the delay and the drain together: the "
					+ "shutdown phase ends before the delay does, and the context closes the listener's open "
					+ "connections without draining them. Raise " + PHASE_TIMEOUT
					+ " above the delay plus the time connections need to finish, or shorten the delay.");
		}
		return delay;
	}

}
