package dev.listener.socket;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parses the values of the hint enums, accepting both the lower-case names used in configuration
 * ({@code inet6}) and the Winsock/POSIX constants ({@code AF_INET6}), so that a Winsock programmer
 * can paste what the recipe says.
 */
final class Constants {

	private Constants() {
	}

	static <E extends Enum<E> & HintValue> E parse(Class<E> type, String kind, String value) {
		String candidate = value.trim();
		for (E constant : type.getEnumConstants()) {
			if (constant.name().equalsIgnoreCase(candidate.replace('-', '_'))
					|| constant.constants().stream().anyMatch(candidate::equalsIgnoreCase)) {
				return constant;
			}
		}
		throw new IllegalArgumentException("'" + value + "' is not a valid " + kind + "; valid values are "
				+ validValues(type));
	}

	static <E extends Enum<E> & HintValue> String validValues(Class<E> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((constant) -> constant.name().toLowerCase(Locale.ROOT) + " (" + String.join(", ", constant.constants())
					+ ")")
			.collect(Collectors.joining(", "));
	}

}
