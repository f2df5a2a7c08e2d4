package dev.listener.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * Names the property of an SSL bundle whose file does not exist
 * ({@code spring.ssl.bundle.pem.<name>.keystore.certificate}), so that a bundle that cannot be
 * loaded is reported where the mistake is, not at {@code listener.ssl.bundle}, which names the
 * bundle rightly.
 */
final class SslBundleFiles {

	private static final List<String> LOCATIONS = List.of("pem.%s.keystore.certificate", "pem.%s.keystore.private-key",
			"pem.%s.truststore.certificate", "pem.%s.truststore.private-key", "jks.%s.keystore.location",
			"jks.%s.truststore.location");

	private static final ResourceLoader resources = new DefaultResourceLoader();

	private SslBundleFiles() {
	}

	/**
	 * Throws a report at the first property of the bundle that names a file that does not exist.
	 * @param environment where the bundle is written
	 * @param bundle the bundle's name
	 * @param property the listener property that names the bundle
	 */
	static void checkExist(@Nullable Environment environment, String bundle, String property) {
		if (environment == null) {
			return;
		}
		for (String location : LOCATIONS) {
			String name = "spring.ssl.bundle." + location.formatted(bundle);
			String value = environment.getProperty(name);
			// PEM content may be written inline
			if (value == null || value.isBlank() || value.strip().startsWith("-----BEGIN")) {
				continue;
			}
			if (!resources.getResource(value.strip()).exists()) {
				throw new InvalidConfigurationPropertyValueException(name, value,
						"The file does not exist, so SSL bundle '" + bundle + "' (named by " + property
								+ ") cannot be loaded: check the path (file:/etc/ssl/server.crt, or classpath:...), "
								+ "or create the file.");
			}
		}
	}

}
