package dev.listener.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.listener.engine.ListenerEngineProvider;

/**
 * What to say of a {@code listener.engine} that names no engine here: for an engine the starter
 * knows but whose library is not on the class path, what to add; for any other name, the engines
 * there are.
 */
final class AbsentEngines {

	/** The starter's engines that need a library of their own, by name: what to add. */
	private static final Map<String, String> MISSING_LIBRARIES = Map.of("netty",
			"Netty is not on the class path: add io.netty:netty-transport (and, for epoll, "
					+ "io.netty:netty-transport-native-epoll with the classifier linux-x86_64), "
					+ "or choose blocking or auto.");

	private AbsentEngines() {
	}

	/**
	 * @param name the engine asked for, lower case
	 * @param engines the engines there are
	 * @return why there is no such engine here, and what to do
	 */
	static String reason(String name, List<ListenerEngineProvider> engines) {
		String missing = MISSING_LIBRARIES.get(name);
		if (missing != null) {
			return missing;
		}
		String names = Stream.concat(Stream.of("auto"), engines.stream().map(ListenerEngineProvider::name))
			.collect(Collectors.joining(", "));
		return "There is no engine named '" + name + "' here: failed to convert it to one of " + names
				+ ". Set it to one of them.";
	}

}
