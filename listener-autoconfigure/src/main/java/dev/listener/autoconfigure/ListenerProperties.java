package dev.listener.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.listener.engine.netty.NettyTransport;
import dev.listener.observation.AccessLogFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The listeners: one, named {@code default}, written directly under {@code listener.*}; or several,
 * named under {@code listener.sockets.<name>.*}, each taking the values written directly under
 * {@code listener.*} for what it does not set itself.
 */
@ConfigurationProperties("listener")
public class ListenerProperties extends SocketProperties {

	/**
	 * Whether to open the listeners.
	 */
	private boolean enabled = true;

	/**
	 * Named listeners, by name (lowercase letters, digits and dashes). When set, these are opened
	 * instead of the default one; each accepts every listener.* property and inherits the values
	 * written directly under listener.* unless it sets its own.
	 */
	private final Map<String, SocketProperties> sockets = new LinkedHashMap<>();

	private final Netty netty = new Netty();

	private final Observations observations = new Observations();

	private final AccessLog accessLog = new AccessLog();

	public Netty getNetty() {
		return this.netty;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public AccessLog getAccessLog() {
		return this.accessLog;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, SocketProperties> getSockets() {
		return this.sockets;
	}

	/**
	 * The Netty engine, shared by every listener it serves.
	 */
	public static class Netty {

		/**
		 * Transport of the Netty engine: auto (epoll, where the native library for this platform
		 * is on the class path and the kernel supports it, then io_uring where it can serve every
		 * listener on the engine, else nio), nio, epoll or io-uring (dgram listeners only).
		 */
		private NettyTransport transport = NettyTransport.AUTO;

		/**
		 * Event-loop threads of the Netty engine, shared by every listener it serves. Unset for the
		 * number of available processors.
		 */
		private @Nullable Integer threads;

		public NettyTransport getTransport() {
			return this.transport;
		}

		public void setTransport(NettyTransport transport) {
			this.transport = transport;
		}

		public @Nullable Integer getThreads() {
			return this.threads;
		}

		public void setThreads(@Nullable Integer threads) {
			this.threads = threads;
		}

	}

	/**
	 * An observation per connection (listener.connection, with a listener.tls.handshake child),
	 * for Boot's tracing and management.observations.*.
	 */
	public static class Observations {

		/**
		 * Whether to observe each connection of every listener from accept to close, when the
		 * application has an ObservationRegistry (Boot's Actuator or tracing).
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * A line per closed connection on the logger dev.listener.access, at INFO.
	 */
	public static class AccessLog {

		/**
		 * Whether to write a line per closed connection of every listener to the logger
		 * dev.listener.access.
		 */
		private boolean enabled;

		/**
		 * The line: text with fields written %{name} (listener, engine, protocol, client, balancer,
		 * local, duration, bytes-received, bytes-sent, reason, tls-protocol, tls-server-name), and %%
		 * for a percent sign. A field without a value is written '-'.
		 */
		private String format = AccessLogFormat.DEFAULT;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getFormat() {
			return this.format;
		}

		public void setFormat(String format) {
			this.format = format;
		}

	}

}
