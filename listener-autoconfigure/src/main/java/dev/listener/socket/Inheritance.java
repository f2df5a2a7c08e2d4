package dev.listener.socket;

import java.util.Locale;

/**
 * Where a listener's socket comes from: bound by the starter, or inherited from the service
 * manager. The constants spell the values of {@code listener.inherited}: {@code false},
 * {@code true} and {@code systemd}.
 */
public enum Inheritance {

	/** Bind the socket (the default). */
	FALSE,

	/**
	 * The listening socket on standard input (systemd {@code StandardInput=socket}, inetd
	 * {@code wait}), one listener per process.
	 */
	TRUE,

	/**
	 * A socket of systemd's socket activation: the descriptors from 3 on that {@code LISTEN_FDS}
	 * counts, taken by the name {@code LISTEN_FDNAMES} gives them ({@code FileDescriptorName=}).
	 */
	SYSTEMD;

	/** @return the value as written in the properties */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
