package dev.listener.diagnostics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * Turns Boot's "Unable to register SSL bundle" (its stack trace, where a bundle with
 * {@code reload-on-update} names a file that is not there) into a report naming the bundle's
 * property: a placeholder that nothing sets ({@code ${LISTENER_TLS_CERT}}, the demo's tls profile
 * started without its variables), or a file that does not exist. Other failures are left to Boot.
 */
class SslBundleFailureAnalyzer implements FailureAnalyzer {

	private static final Pattern UNABLE_TO_REGISTER = Pattern.compile("Unable to register SSL bundle '(.+)'");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::[^}]*)?}");

	private static final List<String> LOCATIONS = List.of("pem.%s.keystore.certificate", "pem.%s.keystore.private-key",
			"pem.%s.truststore.certificate", "pem.%s.truststore.private-key", "jks.%s.keystore.location",
			"jks.%s.truststore.location");

	private static final ResourceLoader resources = new DefaultResourceLoader();

	private final Environment environment;

	SslBundleFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			Matcher matcher = (cause instanceof IllegalStateException && cause.getMessage() != null)
					? UNABLE_TO_REGISTER.matcher(cause.getMessage()) : null;
			if (matcher != null && matcher.matches()) {
				return analyze(matcher.group(1), cause);
			}
		}
		return null;
	}

	private @Nullable FailureAnalysis analyze(String bundle, Throwable cause) {
		List<String> unset = new ArrayList<>();
		Set<String> variables = new LinkedHashSet<>();
		List<String> missing = new ArrayList<>();
		for (String location : LOCATIONS) {
			String name = "spring.ssl.bundle." + location.formatted(bundle);
			ConfigurationProperty property = property(name);
			Object raw = (property != null) ? property.getValue() : null;
			if (!(raw instanceof CharSequence text) || text.toString().isBlank()) {
				continue;
			}
			String value = text.toString().strip();
			List<String> unresolved = unresolved(value);
			if (!unresolved.isEmpty()) {
				unset.add(describe(name, value, property));
				variables.addAll(unresolved);
				continue;
			}
			String resolved = this.environment.resolvePlaceholders(value).strip();
			if (!resolved.isEmpty() && !resolved.startsWith("-----BEGIN") && !exists(resolved)) {
				missing.add(describe(name, resolved.equals(value) ? value : resolved + " (written " + value + ")",
						property));
			}
		}
		if (!unset.isEmpty()) {
			String names = String.join(", ", variables);
			return new FailureAnalysis("SSL bundle '" + bundle + "' cannot be loaded: " + names
					+ ((variables.size() != 1) ? " are" : " is") + " not set, so its files are named by placeholders "
					+ "nothing resolves:\n" + String.join("\n", unset),
					"Set " + names + " to the file" + ((variables.size() != 1) ? "s" : "") + " (environment variables, "
							+ "or properties such as --" + variables.iterator().next() + "=/etc/ssl/server.crt), or "
							+ "write the paths in the bundle's properties.",
					cause);
		}
		if (!missing.isEmpty()) {
			return new FailureAnalysis("SSL bundle '" + bundle + "' cannot be loaded: "
					+ ((missing.size() != 1) ? "these files do not" : "this file does not") + " exist:\n"
					+ String.join("\n", missing),
					"Check the path" + ((missing.size() != 1) ? "s" : "") + " (file:/etc/ssl/server.crt, or "
							+ "classpath:...), or create the file" + ((missing.size() != 1) ? "s" : "") + ".",
					cause);
		}
		return null;
	}

	/** @return the placeholders of a value that the environment does not resolve */
	private List<String> unresolved(String value) {
		List<String> names = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(value);
		while (matcher.find()) {
			String name = matcher.group(1);
			boolean hasDefault = matcher.group().contains(":");
			if (!hasDefault && !this.environment.containsProperty(name)) {
				names.add(name);
			}
		}
		// Boot's binder keeps a placeholder it cannot resolve as text
		if (names.isEmpty() && value.contains("${") && this.environment.resolvePlaceholders(value).contains("${")) {
			names.add(value);
		}
		return names;
	}

	private static boolean exists(String location) {
		try {
			return resources.getResource(location).exists();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String describe(String name, String value, ConfigurationProperty property) {
		return "\n    " + name + ": " + value + ((property.getOrigin() != null) ? "\n        from " + property.getOrigin() : "");
	}

	private @Nullable ConfigurationProperty property(String name) {
		ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty value = source.getConfigurationProperty(property);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

}
