package dev.listener.pipeline;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes a duration as a property takes it, {@code 20s} or {@code 500ms}, for logs and reports,
 * rather than {@link Duration#toString()}'s {@code PT20S}: in the largest unit that holds it
 * exactly, so that what is printed can be written back ({@code 90s}, not {@code 1m30s}, which
 * Boot's simple format does not read).
 */
public final class Durations {

	private static final List<ChronoUnit> UNITS = List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES,
			ChronoUnit.SECONDS, ChronoUnit.MILLIS, ChronoUnit.MICROS);

	private static final List<String> SUFFIXES = List.of("d", "h", "m", "s", "ms", "us");

	private Durations() {
	}

	/**
	 * @param duration a duration
	 * @return the duration as a property takes it, such as {@code 20s}
	 */
	public static String format(Duration duration) {
		if (duration.isZero()) {
			return "0s";
		}
		for (int i = 0; i < UNITS.size(); i++) {
			Duration unit = UNITS.get(i).getDuration();
			if (unit.getSeconds() > 0) {
				// whole seconds, days or hours: no nanosecond arithmetic, which a long duration overflows
				if (duration.getNano() == 0 && duration.getSeconds() % unit.getSeconds() == 0) {
					return (duration.getSeconds() / unit.getSeconds()) + SUFFIXES.get(i);
				}
			}
			else if (duration.toNanos() % unit.toNanos() == 0) {
				return (duration.toNanos() / unit.toNanos()) + SUFFIXES.get(i);
			}
		}
		return duration.toNanos() + "ns";
	}

}
