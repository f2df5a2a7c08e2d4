package dev.listener.socket;

import org.jspecify.annotations.Nullable;

/**
 * Options applied to every listen socket before it is bound. {@code null} leaves the operating
 * system's default.
 *
 * @param backlog listen() backlog, {@code null} for the system maximum
 * @param reuseAddress {@code SO_REUSEADDR}
 * @param reusePort {@code SO_REUSEPORT}
 * @param ipv6Only {@code IPV6_V6ONLY} on IPv6 sockets
 * @param receiveBufferSize {@code SO_RCVBUF} in bytes
 * @param sendBufferSize {@code SO_SNDBUF} in bytes
 */
public record SocketOptions(@Nullable Integer backlog, boolean reuseAddress, boolean reusePort,
		@Nullable Boolean ipv6Only, @Nullable Integer receiveBufferSize, @Nullable Integer sendBufferSize) {

	/**
	 * The defaults: system backlog, {@code SO_REUSEADDR} on, everything else left to the system.
	 * @return the default options
	 */
	public static SocketOptions defaults() {
		return new SocketOptions(null, true, false, null, null, null);
	}

	/**
	 * These options with the backlog made explicit.
	 * @param backlog the backlog
	 * @return a copy with the backlog set
	 */
	public SocketOptions withBacklog(int backlog) {
		return new SocketOptions(backlog, this.reuseAddress, this.reusePort, this.ipv6Only, this.receiveBufferSize,
				this.sendBufferSize);
	}

}
