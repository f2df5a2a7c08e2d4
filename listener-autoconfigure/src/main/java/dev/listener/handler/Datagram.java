package dev.listener.handler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A received datagram and the way to answer it. The receive loop reuses one instance and one buffer
 * for every datagram, so nothing is allocated per datagram: copy what must outlive
 * {@link DatagramHandler#handle(Datagram)}.
 */
public interface Datagram {

	/** @return the payload, from its position to its limit */
	ByteBuffer payload();

	/** @return who sent it */
	InetSocketAddress sender();

	/** @return the address it was received on (datagram sockets are IP sockets: no unix dgram) */
	InetSocketAddress localAddress();

	/** @return the listener's name */
	String listenerName();

	/**
	 * Sends a datagram back to the sender, counted.
	 * @param reply the payload, from its position to its limit; {@link #payload()} echoes
	 * @throws IOException when send() fails
	 */
	void reply(ByteBuffer reply) throws IOException;

}
