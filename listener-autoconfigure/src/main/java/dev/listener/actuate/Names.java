package dev.listener.actuate;

import java.util.Locale;

/**
 * Enum values as configuration writes them, in lower case ({@code inet}, {@code stream}), for
 * details, tags and JSON.
 */
final class Names {

	private Names() {
	}

	static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
