package dev.listener.socket;

import java.io.IOException;
import java.nio.channels.NetworkChannel;

/**
 * Sets socket options that the properties do not cover, on each channel after the configured
 * options and before bind(). Unix listeners are customized too (their address info has family
 * {@link Family#UNIX}, and their channels have none of the TCP options); inherited sockets are
 * bound already and are not customized.
 */
@FunctionalInterface
public interface ListenSocketCustomizer {

	/**
	 * Customizes a channel that is not yet bound.
	 * @param channel the channel ({@code ServerSocketChannel}, {@code DatagramChannel}, or an SCTP
	 * channel)
	 * @param address the result it will be bound to
	 * @throws IOException when an option is refused; the listener then fails at
	 * {@link Step#OPTION}
	 */
	void customize(NetworkChannel channel, AddressInfo address) throws IOException;

}
