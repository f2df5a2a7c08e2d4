package dev.listener.socket;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One setting of a {@link ListenerSpec}, so that a failure can name the settings that led to it
 * and a report can show them as configured.
 */
public enum Setting {

	/** The address family hint. */
	FAMILY((spec) -> lower(spec.hints().family())),

	/** The socket type hint. */
	SOCKET_TYPE((spec) -> lower(spec.hints().socketType())),

	/** The protocol hint. */
	PROTOCOL((spec) -> lower(spec.hints().protocol())),

	/** The node name. */
	HOST(ListenerSpec::host),

	/** The service: a port number or a service name. */
	PORT(ListenerSpec::service),

	/** The socket file of a unix listener. */
	PATH(ListenerSpec::path),

	/** The permissions of a unix listener's socket file. */
	PERMISSIONS(ListenerSpec::permissions),

	/** Whether the socket is inherited on standard input instead of bound. */
	INHERITED((spec) -> spec.inheritance().value()),

	/** The name of the systemd socket an {@code inherited: systemd} listener takes. */
	INHERITED_NAME(ListenerSpec::inheritedName),

	/** The listen() backlog. */
	BACKLOG((spec) -> text(spec.options().backlog())),

	/** {@code SO_REUSEADDR}. */
	REUSE_ADDRESS((spec) -> Boolean.toString(spec.options().reuseAddress())),

	/** {@code SO_REUSEPORT}. */
	REUSE_PORT((spec) -> Boolean.toString(spec.options().reusePort())),

	/** {@code IPV6_V6ONLY}. */
	IPV6_ONLY((spec) -> text(spec.options().ipv6Only())),

	/** {@code SO_RCVBUF}, in bytes. */
	RECEIVE_BUFFER_SIZE((spec) -> bytes(spec.options().receiveBufferSize())),

	/** {@code SO_SNDBUF}, in bytes. */
	SEND_BUFFER_SIZE((spec) -> bytes(spec.options().sendBufferSize()));

	private final Function<ListenerSpec, @Nullable String> value;

	Setting(Function<ListenerSpec, @Nullable String> value) {
		this.value = value;
	}

	/**
	 * The value of this setting in a spec, as text.
	 * @param spec the spec
	 * @return the value, {@code null} when it is not set
	 */
	public @Nullable String value(ListenerSpec spec) {
		return this.value.apply(spec);
	}

	/**
	 * The settings that usually cause an error, for failures that do not name their own. For a unix
	 * socket the path takes the place of host and port; for an inherited one, what was inherited is
	 * to blame.
	 * @param error the error
	 * @param spec what was asked for
	 * @return the settings
	 */
	static Set<Setting> implicatedBy(SocketError error, ListenerSpec spec) {
		if (spec.inherited()) {
			return EnumSet.of(INHERITED);
		}
		if (spec.hints().family() == Family.UNIX) {
			return switch (error) {
				case INVALID_ARGUMENT, OPTION_NOT_SUPPORTED -> EnumSet.noneOf(Setting.class);
				default -> EnumSet.of(PATH);
			};
		}
		return switch (error) {
			case ADDRESS_FAMILY_MISMATCH -> EnumSet.of(FAMILY, HOST);
			case UNKNOWN_HOST, ADDRESS_NOT_AVAILABLE -> EnumSet.of(HOST);
			case UNKNOWN_SERVICE -> EnumSet.of(PORT, PROTOCOL);
			case SOCKET_TYPE_MISMATCH, PROTOCOL_NOT_SUPPORTED -> EnumSet.of(SOCKET_TYPE, PROTOCOL);
			case SOCKET_TYPE_NOT_SUPPORTED -> EnumSet.of(SOCKET_TYPE);
			case FAMILY_NOT_SUPPORTED -> EnumSet.of(FAMILY, HOST);
			case ADDRESS_IN_USE, OTHER -> EnumSet.of(HOST, PORT);
			case ACCESS_DENIED -> EnumSet.of(PORT);
			case NO_SUCH_DIRECTORY, NOT_A_SOCKET -> EnumSet.of(PATH);
			case INVALID_ARGUMENT, OPTION_NOT_SUPPORTED -> EnumSet.noneOf(Setting.class);
		};
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

	private static @Nullable String bytes(@Nullable Integer size) {
		return (size != null) ? size + "B" : null;
	}

}
