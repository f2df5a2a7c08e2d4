package dev.listener.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the listeners, with the keys their default conventions write.
 */
public enum ListenerObservationDocumentation implements ObservationDocumentation {

	/**
	 * A connection from accept to close.
	 */
	CONNECTION {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultConnectionObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ConnectionLowCardinalityKeys.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ConnectionHighCardinalityKeys.values();
		}
	},

	/**
	 * The TLS handshake of a connection, a child of its {@link #CONNECTION} observation.
	 */
	TLS_HANDSHAKE {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultTlsHandshakeObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return TlsHandshakeLowCardinalityKeys.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return TlsHandshakeHighCardinalityKeys.values();
		}
	};

	/** Keys of a connection with a bounded set of values, on its span and its meters. */
	public enum ConnectionLowCardinalityKeys implements KeyName {

		/** The listener's name, such as {@code default}. */
		LISTENER {
			@Override
			public String asString() {
				return "listener";
			}
		},

		/** The engine serving it: {@code blocking} or {@code netty}. */
		ENGINE {
			@Override
			public String asString() {
				return "engine";
			}
		},

		/** Its transport protocol, as {@code listener.protocol} writes it: {@code tcp}, {@code sctp}. */
		PROTOCOL {
			@Override
			public String asString() {
				return "protocol";
			}
		},

		/** Whether the listener serves TLS: {@code true} or {@code false}. */
		TLS {
			@Override
			public String asString() {
				return "tls";
			}
		},

		/**
		 * How it ended, as {@code listener.connections.closed} tags it: {@code eof}, {@code reset},
		 * {@code idle}, {@code limit}, {@code rejected}, {@code shutdown}, {@code handler-error}. Set
		 * when it closes.
		 */
		REASON {
			@Override
			public String asString() {
				return "reason";
			}
		}

	}

	/** Keys of a connection with a value per connection: on its span only. */
	public enum ConnectionHighCardinalityKeys implements KeyName {

		/** The client's address, {@code 203.0.113.7:40000}: from the PROXY header when one came. */
		CLIENT_ADDRESS {
			@Override
			public String asString() {
				return "client.address";
			}
		},

		/** The balancer that sent a PROXY header (the socket's peer); only when one came. */
		BALANCER_ADDRESS {
			@Override
			public String asString() {
				return "balancer.address";
			}
		},

		/** Bytes read from the connection, set when it closes. */
		BYTES_RECEIVED {
			@Override
			public String asString() {
				return "bytes.received";
			}
		},

		/** Bytes written to the connection, set when it closes. */
		BYTES_SENT {
			@Override
			public String asString() {
				return "bytes.sent";
			}
		}

	}

	/** Keys of a TLS handshake with a bounded set of values. */
	public enum TlsHandshakeLowCardinalityKeys implements KeyName {

		/** The listener's name. */
		LISTENER {
			@Override
			public String asString() {
				return "listener";
			}
		},

		/** The engine serving the connection: {@code blocking} or {@code netty}. */
		ENGINE {
			@Override
			public String asString() {
				return "engine";
			}
		},

		/** The protocol negotiated, such as {@code TLSv1.3}; {@code none} when it failed. */
		TLS_PROTOCOL {
			@Override
			public String asString() {
				return "tls.protocol";
			}
		},

		/**
		 * Why it failed, as {@code listener.tls.handshake.failures} tags it ({@code protocol},
		 * {@code certificate}, {@code timeout}, {@code other}); {@code none} when it completed.
		 */
		REASON {
			@Override
			public String asString() {
				return "reason";
			}
		}

	}

	/** Keys of a TLS handshake with a value the client chooses: on its span only. */
	public enum TlsHandshakeHighCardinalityKeys implements KeyName {

		/** The server name the client asked for (SNI); only when it asked for one. */
		SERVER_NAME {
			@Override
			public String asString() {
				return "tls.server.name";
			}
		}

	}

}
