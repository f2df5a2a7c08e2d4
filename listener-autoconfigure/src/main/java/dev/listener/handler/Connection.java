package dev.listener.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

/**
 * An accepted stream connection as a {@link ConnectionHandler} sees it, Go's {@code net.Conn}:
 * reads and writes through it are counted, and closing it records its lifetime in the listen
 * socket's {@link dev.listener.engine.SocketCounters}. The engine's own steps (the PROXY header,
 * the TLS handshake, framing, the idle clock) are run before the handler and are not part of it.
 */
public interface Connection extends ByteChannel {

	/**
	 * The accepted channel, for options and for what a {@code ByteChannel} cannot do. I/O done on
	 * it directly is neither counted nor seen by the idle timeout, and on a TLS listener it carries
	 * the encrypted records: read and write through this connection or its streams.
	 * @return the accepted channel
	 */
	SocketChannel channel();

	/** @return the listener's name */
	String listenerName();

	/**
	 * The client's address: the peer's (an {@link java.net.InetSocketAddress}, or a
	 * {@link java.net.UnixDomainSocketAddress} on a unix listener, usually unnamed, an empty path:
	 * clients rarely bind), or, when the listener reads the PROXY protocol, the client's address from
	 * the header its balancer sent (the peer's when the header carries none, as a balancer's health
	 * check does).
	 * @return the client's address
	 */
	SocketAddress remoteAddress();

	/**
	 * The address of the other end of the TCP connection: the same as {@link #remoteAddress()},
	 * except behind a balancer that sends the PROXY protocol, where this is the balancer's.
	 * @return the peer's address
	 */
	SocketAddress peerAddress();

	/** @return the local end, the listen socket's address */
	SocketAddress localAddress();

	/**
	 * A stream over this connection, counted like {@link #read(ByteBuffer)}; created once.
	 * @return the input stream
	 */
	InputStream inputStream();

	/**
	 * A stream over this connection, counted like {@link #write(ByteBuffer)}; created once.
	 * @return the output stream
	 */
	OutputStream outputStream();

	/**
	 * The TLS session of a listener with {@code listener.ssl.bundle}: the negotiated protocol
	 * ({@code getProtocol()}), cipher suite ({@code getCipherSuite()}) and the client's
	 * certificates ({@code getPeerCertificates()}, when it sent them).
	 * @return the session, or {@code null} on a plain connection
	 */
	@Nullable SSLSession tlsSession();

	/**
	 * The application protocol agreed by ALPN, one of {@code listener.ssl.application-protocols}.
	 * The server name the client asked for (SNI) is in the session:
	 * {@code ((ExtendedSSLSession) tlsSession()).getRequestedServerNames()}.
	 * @return the protocol, or {@code null} on a plain connection or when the client offered none
	 */
	default @Nullable String tlsApplicationProtocol() {
		return null;
	}

	/**
	 * @return whether {@link #readFrame()} and {@link #writeFrame(byte[])} work: the listener sets
	 * {@code listener.framing.type}
	 */
	boolean isFramed();

	/**
	 * Reads the next whole frame as {@code listener.framing.*} delimits it: a line without its line
	 * end, a frame without its delimiter or its length field. Reads go through
	 * {@link #read(ByteBuffer)}, so they are counted; at most {@code max-frame-size} bytes (plus what
	 * ends a frame) are buffered.
	 * @return the frame, or {@code null} at the end of the stream (a partial frame before it is
	 * dropped)
	 * @throws FrameTooLongException when a frame is longer than {@code max-frame-size}: it is counted
	 * and this connection is closed
	 * @throws MalformedFrameException when a frame breaks the framing rules (a length that counts
	 * less than its own field): it is counted and this connection is closed
	 * @throws IOException when reading fails
	 * @throws IllegalStateException when the listener has no framing
	 */
	byte @Nullable [] readFrame() throws IOException;

	/**
	 * Writes a frame the way {@link #readFrame()} reads one: after its length field, or followed by
	 * the line ending or the delimiter. The frame is written as it is: one holding the delimiter
	 * reads back as two. {@code max-frame-size} limits what is read, not what is written.
	 * @param frame the frame
	 * @throws IOException when writing fails
	 * @throws IllegalArgumentException when the frame is too long for the length field
	 * @throws IllegalStateException when the listener has no framing
	 */
	void writeFrame(byte[] frame) throws IOException;

	/**
	 * Writes a frame, its remaining bytes, as {@link #writeFrame(byte[])} does.
	 * @param frame the frame
	 * @throws IOException when writing fails
	 */
	void writeFrame(ByteBuffer frame) throws IOException;

	/**
	 * Closes the connection as an orderly end, unless it was already closed; only the first close
	 * counts.
	 */
	@Override
	void close() throws IOException;

	/** @return whether it was closed, by the handler or by the engine */
	boolean isClosed();

}
