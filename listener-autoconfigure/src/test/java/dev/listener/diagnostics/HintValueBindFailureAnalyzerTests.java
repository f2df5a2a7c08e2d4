package dev.listener.diagnostics;

import java.util.Map;

import dev.listener.socket.Family;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Only a hint value under {@code listener.*} gets this report; every other bind failure is left to
 * Boot's own.
 */
class HintValueBindFailureAnalyzerTests {

	private final HintValueBindFailureAnalyzer analyzer = new HintValueBindFailureAnalyzer();

	@Test
	void hintUnderListenerIsReportedWithBothSpellings() {
		FailureAnalysis analysis = this.analyzer.analyze(bindFailure("listener.family", "inet7", Family.class));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("Invalid value for listener.family: ")
			.contains("Value: \"inet7\"");
		assertThat(analysis.getAction()).contains("inet6 (AF_INET6, PF_INET6)");
	}

	@Test
	void sameTypeElsewhereIsLeftToBoot() {
		assertThat(this.analyzer.analyze(bindFailure("other.family", "inet7", Family.class))).isNull();
	}

	@Test
	void otherTypeUnderListenerIsLeftToBoot() {
		assertThat(this.analyzer.analyze(bindFailure("listener.backlog", "many", Integer.class))).isNull();
	}

	private static BindException bindFailure(String name, String value, Class<?> type) {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(name, value)));
		return catchThrowableOfType(BindException.class, () -> binder.bind(name, type));
	}

}
