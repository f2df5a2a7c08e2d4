package dev.listener.autoconfigure;

import java.nio.file.Path;

import dev.listener.handler.ConnectionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.listener.autoconfigure.ListenerAutoConfigurationTests.causeOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bundle that cannot be loaded is reported at the bundle's own property that names the file, not
 * at {@code listener.ssl.bundle}, which names the bundle rightly.
 */
class SslBundleReportTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ListenerAutoConfiguration.class,
				ListenerServerAutoConfiguration.class))
		.withBean(ConnectionHandler.class, () -> (connection) -> {
		})
		.withPropertyValues("listener.host=127.0.0.1", "listener.port=0", "listener.ssl.bundle=game");

	@Test
	void aMissingCertificateFileIsReportedAtThePropertyThatNamesIt(@TempDir Path dir) {
		String certificate = "file:" + dir.resolve("missing.crt");
		this.runner
			.withPropertyValues("spring.ssl.bundle.pem.game.keystore.certificate=" + certificate,
					"spring.ssl.bundle.pem.game.keystore.private-key=file:" + dir.resolve("missing.key"))
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = causeOf(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(failure.getName()).isEqualTo("spring.ssl.bundle.pem.game.keystore.certificate");
				assertThat(failure.getValue()).isEqualTo(certificate);
				assertThat(failure.getReason()).contains("does not exist").contains("listener.ssl.bundle");
			});
	}

}
