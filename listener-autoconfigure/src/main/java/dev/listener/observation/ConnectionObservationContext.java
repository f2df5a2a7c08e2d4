package dev.listener.observation;

import java.net.SocketAddress;

import dev.listener.engine.CloseReason;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code listener.connection} observation knows of one connection, filled in as it goes:
 * where it came from at accept, the client behind a PROXY header, TLS, and at close how it ended
 * and the bytes it carried. A receiver context of kind {@link Kind#SERVER}, so a tracer makes it a
 * server span; a connection carries no trace headers, so each is the root of its own trace.
 */
public class ConnectionObservationContext extends ReceiverContext<ConnectionObservationContext> {

	private final String listenerName;

	private final String engine;

	private final String protocol;

	private final boolean tls;

	private @Nullable SocketAddress peerAddress;

	private @Nullable SocketAddress clientAddress;

	private @Nullable SocketAddress localAddress;

	private @Nullable CloseReason closeReason;

	private long bytesReceived;

	private long bytesSent;

	/**
	 * Creates a context for a connection just accepted.
	 * @param listenerName the listener's name
	 * @param engine the engine serving it, {@code blocking} or {@code netty}
	 * @param protocol its protocol, such as {@code tcp}
	 * @param tls whether the listener serves TLS
	 */
	public ConnectionObservationContext(String listenerName, String engine, String protocol, boolean tls) {
		super((carrier, key) -> null, Kind.SERVER);
		setCarrier(this);
		this.listenerName = listenerName;
		this.engine = engine;
		this.protocol = protocol;
		this.tls = tls;
	}

	/** @return the listener's name */
	public String getListenerName() {
		return this.listenerName;
	}

	/** @return the engine serving it, {@code blocking} or {@code netty} */
	public String getEngine() {
		return this.engine;
	}

	/** @return its protocol, such as {@code tcp} */
	public String getProtocol() {
		return this.protocol;
	}

	/** @return whether the listener serves TLS */
	public boolean isTls() {
		return this.tls;
	}

	/** @return the peer of the socket: the balancer when a PROXY header came */
	public @Nullable SocketAddress getPeerAddress() {
		return this.peerAddress;
	}

	public void setPeerAddress(@Nullable SocketAddress peerAddress) {
		this.peerAddress = peerAddress;
	}

	/** @return the client: from the PROXY header when one came, else the peer */
	public @Nullable SocketAddress getClientAddress() {
		return (this.clientAddress != null) ? this.clientAddress : this.peerAddress;
	}

	/** @param clientAddress the client a PROXY header named */
	public void setClientAddress(@Nullable SocketAddress clientAddress) {
		this.clientAddress = clientAddress;
	}

	/** @return whether a PROXY header named the client, so that the peer is a balancer */
	public boolean isProxied() {
		return this.clientAddress != null;
	}

	/** @return the address the connection came in on */
	public @Nullable SocketAddress getLocalAddress() {
		return this.localAddress;
	}

	public void setLocalAddress(@Nullable SocketAddress localAddress) {
		this.localAddress = localAddress;
	}

	/** @return how it ended; {@code null} while it is open */
	public @Nullable CloseReason getCloseReason() {
		return this.closeReason;
	}

	public void setCloseReason(@Nullable CloseReason closeReason) {
		this.closeReason = closeReason;
	}

	/** @return bytes read from it, known at close */
	public long getBytesReceived() {
		return this.bytesReceived;
	}

	public void setBytesReceived(long bytesReceived) {
		this.bytesReceived = bytesReceived;
	}

	/** @return bytes written to it, known at close */
	public long getBytesSent() {
		return this.bytesSent;
	}

	public void setBytesSent(long bytesSent) {
		this.bytesSent = bytesSent;
	}

}
