package dev.listener.engine;

import java.net.SocketAddress;

import javax.net.ssl.SSLSession;

import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.ListenSocket;
import org.jspecify.annotations.Nullable;

/**
 * What the starter's own hooks ({@link ConnectionObserver}, {@link ConnectionAdmission}) see of a
 * connection, on any engine: read-only, and the same object from its acceptance to its close. For
 * the starter's features, not applications: a handler receives a
 * {@link dev.listener.handler.Connection}. Read it on the thread a hook is called on; the byte
 * counts are exact once the connection has closed.
 */
public interface ConnectionView {

	/** @return the name of the listener that accepted it */
	String listenerName();

	/** @return the engine serving it, as the {@code listeners} endpoint shows it: {@code blocking}, {@code netty (epoll)} */
	String engineName();

	/** @return the listen socket that accepted it */
	ListenSocket listenSocket();

	/** @return {@code tcp}, {@code unix} or {@code sctp}, as the listen socket's description says it */
	String network();

	/** @return the listen socket's address */
	SocketAddress localAddress();

	/** @return the peer's address: a proxy's, when a PROXY protocol header names the client */
	SocketAddress remoteAddress();

	/** @return the client's address from a PROXY protocol header, else the peer's */
	SocketAddress clientAddress();

	/** @return whether a PROXY protocol header named the client */
	boolean isProxied();

	/** @return the TLS session once its handshake has completed, else {@code null} */
	@Nullable SSLSession tlsSession();

	/** @return the TLS protocol agreed, such as {@code TLSv1.3}, or {@code null} without TLS */
	@Nullable String tlsProtocol();

	/** @return the cipher suite agreed, or {@code null} without TLS */
	@Nullable String tlsCipherSuite();

	/** @return the server name the client asked for (SNI), or {@code null} when it asked for none */
	@Nullable String tlsServerName();

	/**
	 * @return the application protocol agreed by ALPN ({@code listener.ssl.application-protocols}),
	 * or {@code null} without TLS or when the client offered none
	 */
	@Nullable String tlsApplicationProtocol();

	/** @return why its TLS handshake failed, or {@code null} */
	@Nullable HandshakeFailure handshakeFailure();

	/** @return bytes read from it, on the wire (TLS records and a PROXY header included) */
	long bytesReceived();

	/** @return bytes written to it, on the wire */
	long bytesSent();

	/** @return when it was accepted, in {@link System#nanoTime()} */
	long startNanos();

	/** @return when it was accepted, in milliseconds since the epoch */
	long startMillis();

	/** @return why it was refused before it was served, or {@code null} */
	@Nullable RejectReason rejectReason();

	/** @return how it ended once it has closed, else {@code null} */
	@Nullable CloseReason closeReason();

	/** @return what the handler failed with when it closed as {@code handler-error}, else {@code null} */
	@Nullable Throwable failure();

}
