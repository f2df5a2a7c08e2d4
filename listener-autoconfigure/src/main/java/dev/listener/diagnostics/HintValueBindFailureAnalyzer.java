package dev.listener.diagnostics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.listener.socket.HintValue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports an unknown family, socket type or protocol under {@code listener.*} with the valid values
 * in both spellings ({@code inet6} and {@code AF_INET6}). Boot's own report lists only the enum
 * names in upper case, which are not what users of the Winsock recipe write; so this one runs first.
 */
class HintValueBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("listener");

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		Class<?> type = cause.getTarget().getType().resolve();
		if (!PREFIX.isAncestorOf(cause.getName()) || type == null || !type.isEnum()
				|| !HintValue.class.isAssignableFrom(type)) {
			return null;
		}
		ConfigurationProperty property = cause.getProperty();
		StringBuilder description = new StringBuilder("Invalid value for ").append(cause.getName())
			.append(": ")
			.append(reason(cause))
			.append("\n\n    Property: ")
			.append(cause.getName());
		if (property != null) {
			description.append("\n    Value: \"").append(property.getValue()).append('"');
			if (property.getOrigin() != null) {
				description.append("\n    Origin: ").append(property.getOrigin());
			}
		}
		String action = "Set " + cause.getName() + " to one of the valid values, in either spelling: "
				+ validValues(type) + ".";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private static String reason(BindException cause) {
		Throwable root = cause;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	private static String validValues(Class<?> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT) + " ("
					+ String.join(", ", ((HintValue) constant).constants()) + ")")
			.collect(Collectors.joining(", "));
	}

	@Override
	public int getOrder() {
		return 0;
	}

}
