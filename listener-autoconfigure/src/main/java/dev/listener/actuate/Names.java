package dev.listener.actuate;

import java.util.Locale;

/**
 * Enum values as configuration writes them, in lower case with dashes ({@code inet},
 * {@code proxy-malformed}), for details, tags and JSON.
 */
final class Names {

	private Names() {
	}

	static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
