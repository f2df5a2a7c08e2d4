package dev.listener.diagnostics;

import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's "Unable to register SSL bundle" stack trace, for a bundle with {@code reload-on-update}
 * started without the variables its files are named by (the demo's tls profile without
 * {@code LISTENER_TLS_CERT}), becomes a report naming the properties and the variables to set.
 */
class SslBundleFailureAnalyzerTests {

	private static final String CERTIFICATE = "spring.ssl.bundle.pem.demo.keystore.certificate";

	private static final String KEY = "spring.ssl.bundle.pem.demo.keystore.private-key";

	private static final String RELOAD = "spring.ssl.bundle.pem.demo.reload-on-update=true";

	@Test
	void placeholdersThatNothingSetsAreNamedWithTheVariablesToSet() {
		FailureAnalysis analysis = analyze(RELOAD, CERTIFICATE + "=${NEWCOMER_UNSET_CERT}",
				KEY + "=${NEWCOMER_UNSET_KEY}");
		assertThat(analysis.getDescription())
			.startsWith("SSL bundle 'demo' cannot be loaded: NEWCOMER_UNSET_CERT, NEWCOMER_UNSET_KEY are not set")
			.contains("\n    " + CERTIFICATE + ": ${NEWCOMER_UNSET_CERT}")
			.contains("\n    " + KEY + ": ${NEWCOMER_UNSET_KEY}");
		assertThat(analysis.getAction()).startsWith("Set NEWCOMER_UNSET_CERT, NEWCOMER_UNSET_KEY to the files");
	}

	@Test
	void aFileThatDoesNotExistIsNamedWithItsProperty(@TempDir Path directory) {
		String missing = directory.resolve("server.key").toString();
		FailureAnalysis analysis = analyze(RELOAD, CERTIFICATE + "=" + missing, KEY + "=" + missing);
		assertThat(analysis.getDescription()).startsWith("SSL bundle 'demo' cannot be loaded: these files do not exist:")
			.contains("\n    " + CERTIFICATE + ": " + missing);
		assertThat(analysis.getAction()).startsWith("Check the paths");
	}

	@Test
	void aFileNamedThroughAPlaceholderIsNamedAsResolved(@TempDir Path directory) {
		String missing = directory.resolve("server.crt").toString();
		FailureAnalysis analysis = analyze(RELOAD, "NEWCOMER_CERT=" + missing, CERTIFICATE + "=${NEWCOMER_CERT}",
				KEY + "=${NEWCOMER_CERT}", "spring.ssl.bundle.pem.demo.truststore.certificate=${NEWCOMER_UNSET_CA:}");
		assertThat(analysis.getDescription())
			.contains("\n    " + CERTIFICATE + ": " + missing + " (written ${NEWCOMER_CERT})")
			.doesNotContain("truststore");
	}

	@Test
	void otherFailuresAreLeftToBoot() {
		assertThat(new SslBundleFailureAnalyzer(new MockEnvironment())
			.analyze(new IllegalStateException("Unable to start web server"))).isNull();
	}

	@Test
	void theAnalyzerIsRegistered() throws Exception {
		Properties factories = PropertiesLoaderUtils.loadProperties(new ClassPathResource("META-INF/spring.factories"));
		assertThat(factories.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer"))
			.contains(SslBundleFailureAnalyzer.class.getName());
	}

	/** Starts Boot's SSL bundles with these properties, and analyzes how that fails. */
	private static FailureAnalysis analyze(String... properties) {
		MockEnvironment environment = new MockEnvironment();
		for (String property : properties) {
			int equals = property.indexOf('=');
			environment.setProperty(property.substring(0, equals), property.substring(equals + 1));
		}
		Throwable[] failure = new Throwable[1];
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(properties)
			.run((context) -> failure[0] = context.getStartupFailure());
		assertThat(failure[0]).as("Boot's SSL bundles fail to start").isNotNull();
		FailureAnalysis analysis = new SslBundleFailureAnalyzer(environment).analyze(failure[0]);
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
