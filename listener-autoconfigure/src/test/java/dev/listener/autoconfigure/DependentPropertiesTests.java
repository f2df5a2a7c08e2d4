package dev.listener.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An option that applies only with another one ({@code framing.max-frame-size} without
 * {@code framing.type}) is named at startup instead of being ignored without a word.
 */
@ExtendWith(OutputCaptureExtension.class)
class DependentPropertiesTests {

	@Test
	void framingOptionsWithoutTheirTypeAreNamed() {
		MockEnvironment environment = new MockEnvironment().withProperty("listener.framing.max-frame-size", "4KB")
			.withProperty("listener.framing.delimiter", ";");
		assertThat(DependentProperties.find(ConfiguredListeners.bindQuietly(environment), environment)).containsExactly(
				"listener.framing.max-frame-size has no effect: it applies only when listener.framing.type is line, "
						+ "delimiter or length-field, and it is none",
				"listener.framing.delimiter has no effect: it applies only when listener.framing.type is delimiter, "
						+ "and it is none");
	}

	@Test
	void optionsOfAFramingTypeOtherThanTheOneSetAreNamed() {
		MockEnvironment environment = new MockEnvironment().withProperty("listener.framing.type", "line")
			.withProperty("listener.framing.length-field.length", "2")
			.withProperty("listener.framing.max-frame-size", "4KB");
		assertThat(DependentProperties.find(ConfiguredListeners.bindQuietly(environment), environment)).containsExactly(
				"listener.framing.length-field.length has no effect: it applies only when listener.framing.type is "
						+ "length-field, and it is line");
	}

	@Test
	void proxyAndTlsOptionsWithoutTheirSwitchAreNamed() {
		MockEnvironment environment = new MockEnvironment().withProperty("listener.proxy-protocol.trusted[0]", "10.0.0.0/8")
			.withProperty("listener.proxy-protocol.timeout", "2s")
			.withProperty("listener.ssl.client-auth", "none")
			.withProperty("listener.ssl.handshake-timeout", "2s")
			.withProperty("listener.ssl.provider", "openssl");
		assertThat(DependentProperties.find(ConfiguredListeners.bindQuietly(environment), environment)).containsExactly(
				"listener.proxy-protocol.trusted has no effect: it applies only when listener.proxy-protocol.mode is "
						+ "optional or required, and it is off",
				"listener.proxy-protocol.timeout has no effect: it applies only when listener.proxy-protocol.mode is "
						+ "optional or required, and it is off",
				"listener.ssl.client-auth has no effect: it applies only when listener.ssl.bundle names an SSL "
						+ "bundle, and it is not set",
				"listener.ssl.handshake-timeout has no effect: it applies only when listener.ssl.bundle names an SSL "
						+ "bundle, and it is not set",
				"listener.ssl.provider has no effect: it applies only when listener.ssl.bundle names an SSL "
						+ "bundle, and it is not set");
	}

	@Test
	void clientAuthWithoutABundleIsRefusedWithoutAWarningThatCallsItIneffective(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class))
			.withPropertyValues("listener.port=0", "listener.host=127.0.0.1", "listener.ssl.client-auth=need")
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("listener.ssl.client-auth")
					.hasMessageContaining("It applies to TLS only: set listener.ssl.bundle too");
				assertThat(output).doesNotContain("has no effect");
			});
	}

	@Test
	void optionsOfTheLimitsPerClientWithoutALimitAreNamed() {
		MockEnvironment environment = new MockEnvironment().withProperty("listener.limits.dry-run", "true")
			.withProperty("listener.limits.per-client.window", "1m")
			.withProperty("listener.limits.per-client.ipv6-prefix", "56")
			.withProperty("listener.limits.max-accept-rate", "100");
		assertThat(DependentProperties.find(ConfiguredListeners.bindQuietly(environment), environment)).containsExactly(
				"listener.limits.per-client.window has no effect: it applies only when "
						+ "listener.limits.per-client.max-new-connections is set, and it is not set",
				"listener.limits.dry-run has no effect: it applies only when listener.limits.per-client.max-connections "
						+ "or max-new-connections is set, and it is not set (nor is max-new-connections)",
				"listener.limits.per-client.ipv6-prefix has no effect: it applies only when "
						+ "listener.limits.per-client.max-connections or max-new-connections is set, and it is not set "
						+ "(nor is max-new-connections)");
		environment.setProperty("listener.limits.per-client.max-new-connections", "10");
		assertThat(DependentProperties.find(ConfiguredListeners.bindQuietly(environment), environment)).isEmpty();
	}

	@Test
	void aValueWrittenOnceForEveryNamedListenerIsNamedOnlyWhenItAppliesToNone() {
		MockEnvironment environment = new MockEnvironment().withProperty("listener.framing.max-frame-size", "4KB")
			.withProperty("listener.sockets.game.framing.type", "line")
			.withProperty("listener.sockets.admin.port", "27016")
			.withProperty("listener.sockets.admin.framing.delimiter", ";");
		assertThat(DependentProperties.find(ConfiguredListeners.bindQuietly(environment), environment)).containsExactly(
				"listener.sockets.admin.framing.delimiter has no effect: it applies only when "
						+ "listener.sockets.admin.framing.type is delimiter, and it is none");
		environment.setProperty("listener.sockets.game.framing.type", "none");
		assertThat(DependentProperties.find(ConfiguredListeners.bindQuietly(environment), environment)).contains(
				"listener.framing.max-frame-size has no effect: it applies only when listener.framing.type is line, "
						+ "delimiter or length-field, and it is none");
	}

	@Test
	void theWarningIsLoggedAtStartup(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class))
			.withPropertyValues("listener.port=0", "listener.host=127.0.0.1", "listener.framing.max-frame-size=4KB")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("WARN")
					.contains("listener.framing.max-frame-size has no effect: it applies only when "
							+ "listener.framing.type is line, delimiter or length-field, and it is none");
			});
	}

}
