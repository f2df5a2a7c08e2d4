package dev.listener.socket;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A listen socket could not be resolved, created, configured, bound or put to listen. Carries the
 * structure a report needs; its message is one line in the manner of Go's {@code net.OpError}:
 * {@code listen tcp4 0.0.0.0:27015: bind: address already in use (EADDRINUSE / WSAEADDRINUSE)}, or
 * {@code listen unix /run/app/app.sock: bind: address already in use (EADDRINUSE / WSAEADDRINUSE)}.
 */
public class ListenSocketException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient ListenerSpec spec;

	private final Step step;

	private final SocketError error;

	private final @Nullable SocketAddress address;

	private final String reason;

	private final Set<Setting> settings;

	/**
	 * Creates an exception that implicates the settings that usually cause its error.
	 * @param spec what was asked for
	 * @param step the step that failed
	 * @param error the error
	 * @param address the address tried, {@code null} before resolution produced one
	 * @param reason what failed in words, {@code null} for the error's own description
	 * @param cause the exception of the JDK, if any
	 */
	public ListenSocketException(ListenerSpec spec, Step step, SocketError error, @Nullable SocketAddress address,
			@Nullable String reason, @Nullable Throwable cause) {
		this(spec, step, error, address, reason, Setting.implicatedBy(error, spec), cause);
	}

	/**
	 * Creates an exception that names the settings that led to it.
	 * @param spec what was asked for
	 * @param step the step that failed
	 * @param error the error
	 * @param address the address tried, {@code null} before resolution produced one
	 * @param reason what failed in words, {@code null} for the error's own description
	 * @param settings the settings that led to the failure, the ones to change first
	 * @param cause the exception of the JDK, if any
	 */
	public ListenSocketException(ListenerSpec spec, Step step, SocketError error, @Nullable SocketAddress address,
			@Nullable String reason, Set<Setting> settings, @Nullable Throwable cause) {
		super(message(spec, step, error, address, (reason != null) ? reason : error.description()), cause);
		this.spec = spec;
		this.step = step;
		this.error = error;
		this.address = address;
		this.reason = (reason != null) ? reason : error.description();
		this.settings = settings.isEmpty() ? Collections.emptySet()
				: Collections.unmodifiableSet(EnumSet.copyOf(settings));
	}

	private static String message(ListenerSpec spec, Step step, SocketError error, @Nullable SocketAddress address,
			String reason) {
		String where = (address != null) ? Addresses.format(address) : spec.configuredAddress();
		return "listen " + spec.hints().network() + " " + where + ": " + step.call() + ": " + reason + " (" + error
				+ ")";
	}

	/**
	 * The listener's name.
	 * @return the name
	 */
	public String listenerName() {
		return this.spec.name();
	}

	/**
	 * What was asked for: hints, host, service and options as configured.
	 * @return the spec
	 */
	public ListenerSpec spec() {
		return this.spec;
	}

	/**
	 * The step that failed.
	 * @return the step
	 */
	public Step step() {
		return this.step;
	}

	/**
	 * The error, with its POSIX and Winsock names.
	 * @return the error
	 */
	public SocketError error() {
		return this.error;
	}

	/**
	 * The address tried: an {@code InetSocketAddress}, or a {@code UnixDomainSocketAddress} for
	 * family unix.
	 * @return the address, {@code null} when resolution failed
	 */
	public @Nullable SocketAddress address() {
		return this.address;
	}

	/**
	 * What failed, in words.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * The settings that led to the failure, in {@link Setting} order.
	 * @return the settings, empty when none is to blame (a customizer failed)
	 */
	public Set<Setting> settings() {
		return this.settings;
	}

}
