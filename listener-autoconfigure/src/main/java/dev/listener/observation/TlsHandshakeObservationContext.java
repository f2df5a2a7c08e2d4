package dev.listener.observation;

import dev.listener.pipeline.HandshakeFailure;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code listener.tls.handshake} observation knows of one handshake: its connection's
 * listener and engine, and when it has ended, the protocol negotiated and the server name asked
 * for, or why it failed. A child of its connection's observation.
 */
public class TlsHandshakeObservationContext extends Observation.Context {

	private final String listenerName;

	private final String engine;

	private @Nullable String protocol;

	private @Nullable String serverName;

	private @Nullable HandshakeFailure failure;

	/**
	 * Creates a context for a handshake just started.
	 * @param listenerName the listener's name
	 * @param engine the engine serving the connection, {@code blocking} or {@code netty}
	 */
	public TlsHandshakeObservationContext(String listenerName, String engine) {
		this.listenerName = listenerName;
		this.engine = engine;
	}

	/** @return the listener's name */
	public String getListenerName() {
		return this.listenerName;
	}

	/** @return the engine serving the connection */
	public String getEngine() {
		return this.engine;
	}

	/** @return the protocol negotiated, such as {@code TLSv1.3}; {@code null} until it completed */
	public @Nullable String getProtocol() {
		return this.protocol;
	}

	public void setProtocol(@Nullable String protocol) {
		this.protocol = protocol;
	}

	/** @return the server name the client asked for (SNI), {@code null} when it asked for none */
	public @Nullable String getServerName() {
		return this.serverName;
	}

	public void setServerName(@Nullable String serverName) {
		this.serverName = serverName;
	}

	/** @return why it failed; {@code null} when it completed or is under way */
	public @Nullable HandshakeFailure getFailure() {
		return this.failure;
	}

	public void setFailure(@Nullable HandshakeFailure failure) {
		this.failure = failure;
	}

}
