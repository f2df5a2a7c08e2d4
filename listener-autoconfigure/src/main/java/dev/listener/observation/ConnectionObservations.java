package dev.listener.observation;

import java.util.function.Predicate;

import dev.listener.engine.CloseReason;
import dev.listener.engine.ConnectionObserver;
import dev.listener.engine.ConnectionView;
import dev.listener.pipeline.HandshakeFailure;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes each connection from accept to close as {@code listener.connection}, and its TLS
 * handshake as a child, {@code listener.tls.handshake}. Registered only when
 * {@code listener.observations.enabled} is on and the application has an
 * {@link ObservationRegistry}; a connection whose observation the registry turns off
 * ({@code management.observations.enable.listener.connection=false}) is followed no further. No
 * scope is opened: the engine's threads and event loops carry no observation of their own.
 * <p>
 * A connection that closes with {@code handler-error} has its observation marked in error with
 * what the handler threw.
 */
public final class ConnectionObservations implements ConnectionObserver {

	private static final DefaultConnectionObservationConvention DEFAULT_CONNECTION = new DefaultConnectionObservationConvention();

	private static final DefaultTlsHandshakeObservationConvention DEFAULT_HANDSHAKE = new DefaultTlsHandshakeObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable ConnectionObservationConvention connectionConvention;

	private final @Nullable TlsHandshakeObservationConvention handshakeConvention;

	private final Predicate<String> tls;

	/**
	 * Creates the observer.
	 * @param registry the registry
	 * @param tls whether the listener of a name serves TLS
	 * @param connectionConvention the application's convention for connections, or {@code null}
	 * for {@link DefaultConnectionObservationConvention}
	 * @param handshakeConvention the application's convention for handshakes, or {@code null} for
	 * {@link DefaultTlsHandshakeObservationConvention}
	 */
	public ConnectionObservations(ObservationRegistry registry, Predicate<String> tls,
			@Nullable ConnectionObservationConvention connectionConvention,
			@Nullable TlsHandshakeObservationConvention handshakeConvention) {
		this.registry = registry;
		this.tls = tls;
		this.connectionConvention = connectionConvention;
		this.handshakeConvention = handshakeConvention;
	}

	@Override
	public Handle opened(ConnectionView connection) {
		ConnectionObservationContext context = new ConnectionObservationContext(connection.listenerName(),
				EngineNames.of(connection.engineName()), connection.network(), this.tls.test(connection.listenerName()));
		context.setPeerAddress(connection.remoteAddress());
		context.setLocalAddress(connection.localAddress());
		Observation observation = ListenerObservationDocumentation.CONNECTION
			.observation(this.connectionConvention, DEFAULT_CONNECTION, () -> context, this.registry)
			.start();
		if (observation.isNoop()) {
			return Handle.NONE;
		}
		return new Observed(observation, context);
	}

	/**
	 * One connection's observations. Its events come one after the other, but not always on one
	 * thread (a handshake's timeout fires on a timer), hence the lock, never contended.
	 */
	private final class Observed implements Handle {

		private final Observation observation;

		private final ConnectionObservationContext context;

		private @Nullable Observation handshake;

		private @Nullable TlsHandshakeObservationContext handshakeContext;

		Observed(Observation observation, ConnectionObservationContext context) {
			this.observation = observation;
			this.context = context;
		}

		@Override
		public synchronized void proxied(ConnectionView connection) {
			this.context.setClientAddress(connection.clientAddress());
		}

		@Override
		public synchronized void handshakeStarted(ConnectionView connection) {
			TlsHandshakeObservationContext context = new TlsHandshakeObservationContext(
					this.context.getListenerName(), this.context.getEngine());
			this.handshakeContext = context;
			this.handshake = ListenerObservationDocumentation.TLS_HANDSHAKE
				.observation(ConnectionObservations.this.handshakeConvention, DEFAULT_HANDSHAKE, () -> context,
						ConnectionObservations.this.registry)
				.parentObservation(this.observation)
				.start();
		}

		@Override
		public synchronized void handshakeCompleted(ConnectionView connection, long durationNanos) {
			TlsHandshakeObservationContext context = this.handshakeContext;
			if (context != null) {
				context.setProtocol(connection.tlsProtocol());
				context.setServerName(connection.tlsServerName());
				stopHandshake();
			}
		}

		@Override
		public synchronized void handshakeFailed(ConnectionView connection, HandshakeFailure reason) {
			TlsHandshakeObservationContext context = this.handshakeContext;
			if (context != null) {
				context.setFailure(reason);
				stopHandshake();
			}
		}

		@Override
		public synchronized void closed(ConnectionView connection) {
			if (this.handshakeContext != null && this.handshake != null) {
				// closed in the middle of its handshake, without a classified failure
				this.handshakeContext.setFailure(HandshakeFailure.OTHER);
				stopHandshake();
			}
			CloseReason reason = connection.closeReason();
			this.context.setCloseReason((reason != null) ? reason : CloseReason.EOF);
			this.context.setBytesReceived(connection.bytesReceived());
			this.context.setBytesSent(connection.bytesSent());
			Throwable failure = connection.failure();
			if (failure != null) {
				this.observation.error(failure);
			}
			this.observation.stop();
		}

		private void stopHandshake() {
			Observation handshake = this.handshake;
			this.handshake = null;
			if (handshake != null) {
				handshake.stop();
			}
		}

	}

}
