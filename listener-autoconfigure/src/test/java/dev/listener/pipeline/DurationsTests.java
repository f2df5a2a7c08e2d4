package dev.listener.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durations in logs and reports as a property takes them ({@code 20s}), not {@code PT20S}.
 */
class DurationsTests {

	@Test
	void aDurationIsWrittenInTheLargestUnitThatHoldsItExactly() {
		assertThat(Durations.format(Duration.ofSeconds(20))).isEqualTo("20s");
		assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
		assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
		assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
		assertThat(Durations.format(Duration.ofNanos(1500))).isEqualTo("1500ns");
		assertThat(Durations.format(Duration.ofSeconds(-5))).isEqualTo("-5s");
		assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
	}

	@Test
	void whatIsWrittenBindsBackToTheSameDuration() {
		for (Duration duration : new Duration[] { Duration.ofSeconds(90), Duration.ofMillis(1500),
				Duration.ofMinutes(61), Duration.ofDays(365), Duration.ofNanos(7) }) {
			assertThat(DurationStyle.SIMPLE.parse(Durations.format(duration))).isEqualTo(duration);
		}
	}

}
