package dev.listener.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A typo under {@code listener.} is named at startup with the property it probably meant.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownListenerPropertiesTests {

	@Test
	void typosAreFoundWithTheClosestProperty() {
		MockEnvironment environment = new MockEnvironment().withProperty("listener.familly", "inet")
			.withProperty("listener.connection.maxx", "5")
			.withProperty("listener.sockets.game.prot", "udp")
			.withProperty("listener.port", "0")
			.withProperty("listener.connection.idle-timeout", "5s")
			.withProperty("listener.sockets.game.threads.max", "4")
			.withProperty("listener.enabled", "true")
			.withProperty("listener.alow[0]", "127.0.0.1");
		assertThat(UnknownListenerProperties.find(environment)).containsExactly(
				"Unknown property 'listener.alow[0]' ignored: did you mean 'listener.allow'?",
				"Unknown property 'listener.connection.maxx' ignored: did you mean 'listener.connection.max'?",
				"Unknown property 'listener.familly' ignored: did you mean 'listener.family'?",
				"Unknown property 'listener.sockets.game.prot' ignored: did you mean 'listener.sockets.game.port'?");
	}

	@Test
	void aPropertyWrittenOutsideItsGroupSuggestsTheGroupThatHasIt() {
		MockEnvironment environment = new MockEnvironment().withProperty("listener.idle-timeout", "20s")
			.withProperty("listener.sockets.game.max-frame-size", "4KB")
			.withProperty("listener.sockets.game.client-auth", "need");
		assertThat(UnknownListenerProperties.find(environment)).containsExactly(
				"Unknown property 'listener.idle-timeout' ignored: did you mean 'listener.connection.idle-timeout'?",
				"Unknown property 'listener.sockets.game.client-auth' ignored: did you mean "
						+ "'listener.sockets.game.ssl.client-auth'?",
				"Unknown property 'listener.sockets.game.max-frame-size' ignored: did you mean "
						+ "'listener.sockets.game.framing.max-frame-size'?");
	}

	@Test
	void environmentVariablesThatMerelyStartWithListenerAreNotWarnedAbout() {
		MockEnvironment environment = new MockEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("LISTENER_TLS_CERT", "/etc/ssl/cert.pem", "LISTENER_PORT", "0", "LISTENER_FAMILLY", "inet")));
		environment.setProperty("listener.tls.key", "/etc/ssl/key.pem");
		assertThat(UnknownListenerProperties.find(environment))
			.containsExactly("Unknown property 'listener.tls.key' ignored: did you mean 'listener.ssl.bundle'?");
		assertThat(ConfiguredListeners.bindQuietly(environment).all().get(0).properties().getPort()).isEqualTo("0");
	}

	@Test
	void anUnknownTlsPropertyStopsStartupNamingWhatTurnsTlsOn() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class))
			.withPropertyValues("listener.port=0", "listener.host=127.0.0.1", "listener.ssl.enabled=true")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = ListenerAutoConfigurationTests
					.causeOf(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class);
				assertThat(failure.getName()).isEqualTo("listener.ssl.enabled");
				assertThat(failure.getValue()).isEqualTo("true");
				assertThat(failure.getReason()).contains("not serve TLS")
					.endsWith("Did you mean 'listener.ssl.bundle'?");
			});
	}

	@Test
	void everyRealPropertyIsKnown() {
		MockEnvironment environment = new MockEnvironment();
		for (String name : new String[] { "family", "socket-type", "protocol", "passive", "host", "port", "backlog",
				"reuse-address", "reuse-port", "ipv6-only", "receive-buffer-size", "send-buffer-size", "threads.max",
				"connection.max", "connection.idle-timeout", "connection.tcp-no-delay", "connection.keep-alive",
				"shutdown", "handler", "engine", "allow", "deny", "allow[0]", "deny[1]", "proxy-protocol.mode",
				"proxy-protocol.trusted[0]", "proxy-protocol.timeout", "ssl.bundle", "ssl.client-auth",
				"ssl.handshake-timeout", "framing.type", "framing.max-frame-size" }) {
			environment.setProperty("listener." + name, "x");
			environment.setProperty("listener.sockets.game." + name, "x");
		}
		assertThat(UnknownListenerProperties.find(environment)).isEmpty();
	}

	@Test
	void theWarningIsLoggedOnceAtStartup(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class))
			.withPropertyValues("listener.port=0", "listener.host=127.0.0.1", "listener.familly=inet6")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce(
						"WARN").contains("Unknown property 'listener.familly' ignored: did you mean 'listener.family'?");
			});
	}

}
