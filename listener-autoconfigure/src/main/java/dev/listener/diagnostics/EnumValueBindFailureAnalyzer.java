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
 * Reports an unknown value of an enum property under {@code listener.*} (other than the hint
 * values) with the values as the properties and their metadata hints spell them,
 * {@code off, optional, required}, instead of Boot's {@code No enum constant ...Mode.on}. A value
 * that YAML turned into a boolean ({@code mode: on} is {@code true}) is explained, with the quotes
 * that keep it a string.
 */
class EnumValueBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("listener");

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		Class<?> type = cause.getTarget().getType().resolve();
		if (!PREFIX.isAncestorOf(cause.getName()) || type == null || !type.isEnum()
				|| HintValue.class.isAssignableFrom(type)) {
			return null;
		}
		ConfigurationProperty property = cause.getProperty();
		Object value = (property != null) ? property.getValue() : null;
		String values = values(type);
		StringBuilder description = new StringBuilder("Invalid value for ").append(cause.getName())
			.append(": failed to convert '")
			.append(value)
			.append("' to one of ")
			.append(values)
			.append('.');
		boolean yamlBoolean = value instanceof Boolean;
		if (yamlBoolean) {
			description.append(" YAML reads on, off, yes and no as booleans, so the value arrived as ")
				.append(value)
				.append('.');
		}
		description.append("\n\n    Property: ").append(cause.getName());
		if (property != null) {
			description.append("\n    Value: \"").append(value).append('"');
			if (property.getOrigin() != null) {
				description.append("\n    Origin: ").append(property.getOrigin());
			}
		}
		String last = cause.getName().getLastElement(ConfigurationPropertyName.Form.DASHED);
		String action = "Set " + cause.getName() + " to one of " + values + "."
				+ (yamlBoolean ? " In YAML, quote the value: " + last + ": \"" + (Boolean.TRUE.equals(value) ? "on" : "off") + "\"." : "");
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private static String values(Class<?> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.collect(Collectors.joining(", "));
	}

	@Override
	public int getOrder() {
		return 0;
	}

}
