package dev.listener.diagnostics;

import java.net.SocketAddress;

import dev.listener.autoconfigure.ListenerPropertyNames;
import dev.listener.socket.Addresses;
import dev.listener.socket.Family;
import dev.listener.socket.Inheritance;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.ListenerCollisionException;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Setting;
import dev.listener.socket.Step;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Turns a {@link ListenSocketException} into Boot's "APPLICATION FAILED TO START" report: the
 * error's one line, the listener and the properties that led to it with their values and where
 * each was set, and the change to make. Needs only the environment, so it works however early
 * startup fails.
 */
class ListenSocketFailureAnalyzer extends AbstractFailureAnalyzer<ListenSocketException> {

	private static final ListenerPropertyNames ROOT = ListenerPropertyNames.of(ListenerSpec.DEFAULT_NAME);

	private final Environment environment;

	ListenSocketFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ListenSocketException cause) {
		ListenerPropertyNames names = ListenerPropertyNames.of(cause.listenerName());
		return new FailureAnalysis(description(cause, names), ListenSocketActions.of(cause, names), cause);
	}

	private String description(ListenSocketException failure, ListenerPropertyNames names) {
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

	private void appendSettings(StringBuilder description, ListenerSpec spec, ListenSocketException failure,
			ListenerPropertyNames names) {
		for (Setting setting : failure.settings()) {
			String value = setting.value(spec);
			description.append("\n    ")
				.append(names.name(setting))
				.append(": ")
				.append((value != null) ? value : "(not set)");
			String origin = (value != null) ? origin(names.name(setting), ROOT.name(setting)) : null;
			if (origin != null) {
				description.append("\n        ").append(origin);
			}
		}
	}

	/**
	 * Where a property was set: its own origin, or for a named listener the origin of the value it
	 * inherits from {@code listener.*}.
	 */
	private @Nullable String origin(String name, String inheritedFrom) {
		Origin own = originOf(name);
		if (own != null) {
			return "from " + own;
		}
		Origin inherited = name.equals(inheritedFrom) ? null : originOf(inheritedFrom);
		return (inherited != null) ? "inherited from " + inheritedFrom + ", from " + inherited : null;
	}

	private @Nullable Origin originOf(String name) {
		ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty value = source.getConfigurationProperty(property);
			if (value != null) {
				return value.getOrigin();
			}
		}
		return null;
	}

	private static String where(ListenSocketException failure) {
		SocketAddress address = failure.address();
		if (failure.step() == Step.INHERIT) {
			return (failure.spec().inheritance() == Inheritance.SYSTEMD)
					? "could not take systemd's socket '" + failure.spec().systemdName() + "' (socket activation)."
					: "could not serve the socket inherited on standard input.";
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
