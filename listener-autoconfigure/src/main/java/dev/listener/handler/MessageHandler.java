package dev.listener.handler;

import java.nio.ByteBuffer;

/**
 * Handles one message at a time and answers it, on any engine: the same bean serves a listener on
 * the blocking engine (platform or virtual threads) and on the Netty engine, over TCP, a unix
 * socket or UDP, with TLS, the PROXY protocol and framing as the listener's properties say.
 * Declare one as a bean; with {@code listener.engine: auto} the Netty engine serves it when Netty
 * is on the class path (and the listener is a TCP or UDP one), the blocking engine otherwise.
 * <p>
 * A message is a frame when {@code listener.framing.type} is set (without its line end, delimiter
 * or length field), else what arrived at once on the connection (a read: never more than 64 KB),
 * or one datagram. Answer with {@link MessageContext#reply(ByteBuffer)}, zero or more times: each
 * reply is written as a frame of the listener's framing (a datagram back to its sender on UDP).
 * <p>
 * The messages of one connection are handled in order, one at a time, so state kept with
 * {@link MessageContext#state(java.util.function.Supplier)} needs no lock. On the Netty engine the
 * handler runs on the connection's event loop, where it must not block: with
 * {@code listener.message.blocking: true} it runs on virtual threads
 * ({@code spring.threads.virtual.enabled}) or a pool of {@code threads.max} threads instead, still
 * in order per connection. While a connection's replies cannot be written (its client does not
 * read), no further message is read from it.
 * <p>
 * An exception closes that connection (a dgram listener drops that datagram and goes on): it is
 * counted in {@link dev.listener.socket.SocketCounters#handlerErrors()} and logged once.
 */
@FunctionalInterface
public interface MessageHandler {

	/**
	 * Handles a message.
	 * @param message the message, from its position to its limit; valid only until this method
	 * returns (the engine reuses its memory: copy what must outlive the call). It may be a direct
	 * buffer: read it with {@code get}, not {@code array()}.
	 * @param context the connection (or datagram) it came on, and the way to answer it
	 * @throws Exception to give up on this connection (on a dgram listener, on this datagram)
	 */
	void handle(ByteBuffer message, MessageContext context) throws Exception;

}
