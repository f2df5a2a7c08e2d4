package dev.listener.observation;

/**
 * The engine as a key's or a field's value: {@code netty (epoll)}, as the {@code listeners}
 * endpoint shows it, is the engine {@code netty}, so the values stay the engines. Apart from the
 * observation, so that the access log loads nothing of Micrometer.
 */
final class EngineNames {

	private EngineNames() {
	}

	static String of(String engineName) {
		int space = engineName.indexOf(' ');
		return (space > 0) ? engineName.substring(0, space) : engineName;
	}

}
