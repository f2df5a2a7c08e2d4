package dev.listener.observation;

import java.net.SocketAddress;

import dev.listener.engine.CloseReason;
import org.jspecify.annotations.Nullable;

/**
 * What the access log writes of one closed connection.
 *
 * @param listener the listener's name
 * @param engine the engine that served it, {@code blocking} or {@code netty}
 * @param protocol its protocol, such as {@code tcp}
 * @param client the client: from the PROXY header when one came, else the peer
 * @param balancer the peer that sent a PROXY header, {@code null} when none came
 * @param local the address it came in on
 * @param durationNanos how long it was open
 * @param bytesReceived bytes read from it
 * @param bytesSent bytes written to it
 * @param reason how it ended
 * @param tlsProtocol the TLS protocol negotiated, {@code null} without TLS
 * @param tlsServerName the server name the client asked for (SNI), {@code null} when none
 */
record AccessLogEntry(String listener, String engine, String protocol, @Nullable SocketAddress client,
		@Nullable SocketAddress balancer, @Nullable SocketAddress local, long durationNanos, long bytesReceived,
		long bytesSent, CloseReason reason, @Nullable String tlsProtocol, @Nullable String tlsServerName) {

}
