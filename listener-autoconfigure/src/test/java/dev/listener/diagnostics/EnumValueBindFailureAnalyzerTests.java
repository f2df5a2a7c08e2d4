package dev.listener.diagnostics;

import java.util.Map;

import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.Tls;
import dev.listener.socket.Family;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An unknown enum value under {@code listener.*} is reported with the values as the properties
 * spell them ({@code off, optional, required}), and YAML's {@code on} that arrives as {@code true}
 * is explained.
 */
class EnumValueBindFailureAnalyzerTests {

	private final EnumValueBindFailureAnalyzer analyzer = new EnumValueBindFailureAnalyzer();

	@Test
	void anUnknownValueIsReportedWithTheValuesAsThePropertiesSpellThem() {
		FailureAnalysis analysis = this.analyzer
			.analyze(bindFailure("listener.proxy-protocol.mode", "on", ProxyProtocol.Mode.class));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription())
			.startsWith("Invalid value for listener.proxy-protocol.mode: failed to convert 'on' to one of off, "
					+ "optional, required")
			.contains("Value: \"on\"")
			.doesNotContain("No enum constant")
			.doesNotContain("OPTIONAL");
		assertThat(analysis.getAction())
			.isEqualTo("Set listener.proxy-protocol.mode to one of off, optional, required.");
	}

	@Test
	void aYamlBooleanIsExplainedWithTheQuotesThatKeepItAString() {
		FailureAnalysis analysis = this.analyzer
			.analyze(bindFailure("listener.sockets.game.proxy-protocol.mode", Boolean.TRUE, ProxyProtocol.Mode.class));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("YAML reads on, off, yes and no as booleans");
		assertThat(analysis.getAction()).contains("mode: \"on\"")
			.contains("one of off, optional, required");
	}

	@Test
	void kebabCaseValuesAreListedWithDashes() {
		FailureAnalysis analysis = this.analyzer
			.analyze(bindFailure("listener.ssl.client-auth", "sometimes", Tls.ClientAuth.class));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getAction()).contains("none").doesNotContain("NONE");
	}

	@Test
	void hintValuesAndOtherPrefixesAreLeftToOtherReports() {
		assertThat(this.analyzer.analyze(bindFailure("listener.family", "inet7", Family.class))).isNull();
		assertThat(this.analyzer.analyze(bindFailure("other.mode", "on", ProxyProtocol.Mode.class))).isNull();
	}

	private static BindException bindFailure(String name, Object value, Class<?> type) {
		Binder binder = new Binder(java.util.List.of(new MapConfigurationPropertySource(Map.of(name, value))), null,
				new ApplicationConversionService());
		return catchThrowableOfType(BindException.class, () -> binder.bind(name, type));
	}

}
