package dev.listener.handler;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

/**
 * The connection a {@link MessageHandler} is handling a message of, the same on every engine: its
 * addresses, its TLS session, state kept from one message to the next, and the way to answer and
 * to close it. On a dgram listener it is the datagram's sender: there is no connection to keep
 * state on or to close.
 * <p>
 * Call it from {@link MessageHandler#handle} only, on the thread running it.
 */
public interface MessageContext {

	/** @return the listener's name */
	String listenerName();

	/**
	 * The client's address: the peer's, or, when the listener reads the PROXY protocol, the
	 * client's from the header (the peer's when the header carries none); a datagram's sender.
	 * @return the client's address
	 */
	SocketAddress remoteAddress();

	/**
	 * @return the address of the other end of the connection: the same as {@link #remoteAddress()},
	 * except behind a balancer that sends the PROXY protocol, where this is the balancer's
	 */
	SocketAddress peerAddress();

	/** @return the local end, the listen socket's address */
	SocketAddress localAddress();

	/**
	 * @return the TLS session of a listener with {@code listener.ssl.bundle} (protocol, cipher
	 * suite, the client's certificates), or {@code null} on a plain connection or a datagram
	 */
	@Nullable SSLSession tlsSession();

	/** @return whether the message is a datagram (a dgram listener), not a connection's */
	boolean isDatagram();

	/**
	 * The connection's own state, created by {@code initial} on the first call and returned by
	 * every later one, for as long as the connection is open: a session, a counter, a parser that
	 * spans messages. Messages of one connection are handled one at a time, so it needs no lock. On
	 * a dgram listener every datagram starts with none.
	 * @param <T> the state's type, the same on every call
	 * @param initial creates the state
	 * @return the state
	 */
	<T> T state(Supplier<? extends T> initial);

	/**
	 * Answers the message: its remaining bytes are written as one frame of the listener's framing
	 * (after its length field, or followed by the line end or delimiter), as they are without
	 * framing, as one datagram to the sender on a dgram listener. The bytes are taken before this
	 * returns (the buffer is read to its limit and may be reused); replying with the message itself
	 * echoes it, without a copy where the engine can.
	 * @param reply the reply, from its position to its limit
	 * @throws IOException when writing fails (the blocking engine writes it before returning)
	 * @throws IllegalArgumentException when it is too long for the length field
	 * @throws IllegalStateException when called after {@link MessageHandler#handle} returned
	 */
	void reply(ByteBuffer reply) throws IOException;

	/**
	 * Answers the message with these bytes, as {@link #reply(ByteBuffer)} does.
	 * @param reply the reply
	 * @throws IOException when writing fails
	 */
	default void reply(byte[] reply) throws IOException {
		reply(ByteBuffer.wrap(reply));
	}

	/**
	 * Answers the message with this text in UTF-8, as {@link #reply(ByteBuffer)} does.
	 * @param reply the reply
	 * @throws IOException when writing fails
	 */
	default void reply(String reply) throws IOException {
		reply(reply.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Closes the connection once the replies given so far are written, as an orderly end; no
	 * further message of it is handled. Does nothing on a dgram listener.
	 */
	void close();

}
