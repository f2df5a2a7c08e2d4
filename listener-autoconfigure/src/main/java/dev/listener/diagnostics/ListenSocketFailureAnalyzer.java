package dev.listener.diagnostics;

import java.net.SocketAddress;

import dev.listener.autoconfigure.ListenerPropertyNames;
import dev.listener.socket.Addresses;
import dev.listener.socket.Family;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.ListenerCollisionException;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Setting;
import dev.listener.socket.Step;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link ListenSocketException} into Boot's "APPLICATION FAILED TO START" report: the
 * error's one line, the listener and the properties that led to it with their values, and the
 * change to make. Needs nothing from the context, so it works however early startup fails.
 */
class ListenSocketFailureAnalyzer extends AbstractFailureAnalyzer<ListenSocketException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ListenSocketException cause) {
		ListenerPropertyNames names = ListenerPropertyNames.of(cause.listenerName());
		return new FailureAnalysis(description(cause, names), ListenSocketActions.of(cause, names), cause);
	}

	private static String description(ListenSocketException failure, ListenerPropertyNames names) {
		StringBuilder description = new StringBuilder(failure.getMessage()).append("\n\n");
		description.append("Listener '").append(failure.listenerName()).append("' ").append(where(failure));
		if (!failure.settings().isEmpty()) {
			description.append(" Properties involved:\n");
			appendSettings(description, failure.spec(), failure, names);
		}
		if (failure instanceof ListenerCollisionException collision) {
			description.append("\n\nListener '").append(collision.other().name()).append("', opened before it:\n");
			appendSettings(description, collision.other(), failure,
					ListenerPropertyNames.of(collision.other().name()));
		}
		return description.toString();
	}

	private static void appendSettings(StringBuilder description, ListenerSpec spec, ListenSocketException failure,
			ListenerPropertyNames names) {
		for (Setting setting : failure.settings()) {
			String value = setting.value(spec);
			description.append("\n    ")
				.append(names.name(setting))
				.append(": ")
				.append((value != null) ? value : "(not set)");
		}
	}

	private static String where(ListenSocketException failure) {
		SocketAddress address = failure.address();
		if (failure.step() == Step.INHERIT) {
			return "could not serve the socket inherited on standard input.";
		}
		if (failure.step() == Step.RESOLVE) {
			return failure.spec().hints().family() == Family.UNIX ? "was refused before any socket was opened."
					: "could not resolve its address (getaddrinfo).";
		}
		if (address == null) {
			return "was refused before any socket was opened (" + failure.step().call() + ").";
		}
		return "failed at " + failure.step().call() + "() on " + Addresses.format(address) + ".";
	}

}
