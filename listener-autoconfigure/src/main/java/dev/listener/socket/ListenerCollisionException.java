package dev.listener.socket;

import java.net.SocketAddress;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Two listeners of one application are configured for the same address, port and protocol, so
 * the second would take the first one's traffic or fail to bind. Names both, so that the report can
 * show the properties of each.
 */
public class ListenerCollisionException extends ListenSocketException {

	private static final long serialVersionUID = 1L;

	private final transient ListenerSpec other;

	ListenerCollisionException(ListenerSpec spec, ListenerSpec other, SocketAddress address, SocketAddress otherAddress,
			@Nullable Throwable cause) {
		super(spec, Step.BIND, SocketError.ADDRESS_IN_USE, address, "listener '" + other.name() + "' is configured for "
				+ Addresses.format(otherAddress) + " too", settings(spec), cause);
		this.other = other;
	}

	/** A unix listener collides on its path, an IP one on host and port. */
	private static Set<Setting> settings(ListenerSpec spec) {
		return (spec.hints().family() == Family.UNIX) ? EnumSet.of(Setting.PATH)
				: EnumSet.of(Setting.HOST, Setting.PORT);
	}

	/**
	 * The listener that was opened first on the address.
	 * @return its spec
	 */
	public ListenerSpec other() {
		return this.other;
	}

}
