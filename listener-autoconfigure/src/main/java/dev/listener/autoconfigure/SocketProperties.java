package dev.listener.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import dev.listener.server.Shutdown;
import dev.listener.socket.Family;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Protocol;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SocketType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * One listener, written the way getaddrinfo takes it: hints (family, socket type, protocol,
 * passive), a node name and a service, then the socket options and how it is served. Values may
 * also be written as the Winsock constants ({@code AF_INET6}, {@code SOCK_DGRAM},
 * {@code IPPROTO_UDP}). Bound directly under {@code listener.*}, and under
 * {@code listener.sockets.<name>.*} for each named listener, over the values of {@code listener.*}.
 */
public class SocketProperties {

	/**
	 * Address family, getaddrinfo's ai_family: inet (AF_INET), inet6 (AF_INET6), unspec (AF_UNSPEC:
	 * one socket per resolved address), or unix (AF_UNIX, AF_LOCAL: a Unix domain socket at path).
	 */
	private Family family = Family.INET;

	/**
	 * Socket type, ai_socktype: stream (SOCK_STREAM), dgram (SOCK_DGRAM), seqpacket (SOCK_SEQPACKET)
	 * or raw (SOCK_RAW, refused: the JVM has no raw sockets).
	 */
	private SocketType socketType = SocketType.STREAM;

	/**
	 * Protocol, ai_protocol: tcp (IPPROTO_TCP), udp (IPPROTO_UDP), sctp (IPPROTO_SCTP), or default (0:
	 * the socket type's usual protocol).
	 */
	private Protocol protocol = Protocol.TCP;

	/**
	 * Whether the address is for bind(), AI_PASSIVE: without a host, passive binds the wildcard
	 * (0.0.0.0, ::) and non-passive the loopback (127.0.0.1, ::1).
	 */
	private boolean passive = true;

	/**
	 * Node name: an IP literal, taken as it is, or a host name, resolved by the system. Unset for the
	 * wildcard or the loopback (see passive).
	 */
	private @Nullable String host;

	/**
	 * Service: a port number from 0 to 65535 (0 picks a free port) or a service name from the system
	 * services database, such as http.
	 */
	private String port = "27015";

	/**
	 * Path of the socket file of a unix listener (family unix), such as /run/app/app.sock. A stale
	 * file is replaced when nothing accepts on it; the file is removed when the listener closes.
	 */
	private @Nullable String path;

	/**
	 * Permissions of a unix listener's socket file, such as rw-rw----. Unset for the process's umask.
	 */
	private @Nullable String permissions;

	/**
	 * Whether to serve the listening socket a service manager passed on standard input (systemd
	 * StandardInput=socket, inetd wait) instead of binding one; it must match family and
	 * socket-type. One listener at most.
	 */
	private boolean inherited = false;

	/**
	 * listen() backlog. Unset for the system maximum (/proc/sys/net/core/somaxconn where readable,
	 * else 128), like Winsock's SOMAXCONN.
	 */
	private @Nullable Integer backlog;

	/**
	 * Whether to set SO_REUSEADDR, so that a restart can bind while old connections linger in
	 * TIME_WAIT.
	 */
	private boolean reuseAddress = true;

	/**
	 * Whether to set SO_REUSEPORT, letting several sockets of the same user bind the same port.
	 */
	private boolean reusePort = false;

	/**
	 * IPV6_V6ONLY on inet6 sockets. Unset leaves the JDK's dual-stack default, except with family
	 * unspec, where IPv6 sockets are IPv6-only so they can share the port with IPv4 ones.
	 */
	private @Nullable Boolean ipv6Only;

	/**
	 * SO_RCVBUF. Unset for the system default.
	 */
	private @Nullable DataSize receiveBufferSize;

	/**
	 * SO_SNDBUF of dgram sockets. Unset for the system default.
	 */
	private @Nullable DataSize sendBufferSize;

	private final Threads threads = new Threads();

	private final Connection connection = new Connection();

	/**
	 * How serving stops with the context: graceful stops accepting and lets open connections finish
	 * until spring.lifecycle.timeout-per-shutdown-phase, immediate closes them all.
	 */
	private Shutdown shutdown = Shutdown.GRACEFUL;

	/**
	 * Name of the handler bean serving this listener: a ConnectionHandler for stream listeners, a
	 * DatagramHandler for dgram ones. Unset for the only handler bean of the listener's type.
	 */
	private @Nullable String handler;

	/**
	 * Engine serving this listener: blocking (a thread per connection, platform or virtual), netty
	 * (event loops; needs Netty on the class path), or auto: netty when Netty is on the class path
	 * and a Netty initializer bean serves this listener's socket type while no ConnectionHandler or
	 * DatagramHandler bean does, blocking otherwise.
	 */
	private Engine engine = Engine.AUTO;

	public Family getFamily() {
		return this.family;
	}

	public void setFamily(Family family) {
		this.family = family;
	}

	public SocketType getSocketType() {
		return this.socketType;
	}

	public void setSocketType(SocketType socketType) {
		this.socketType = socketType;
	}

	public Protocol getProtocol() {
		return this.protocol;
	}

	public void setProtocol(Protocol protocol) {
		this.protocol = protocol;
	}

	public boolean isPassive() {
		return this.passive;
	}

	public void setPassive(boolean passive) {
		this.passive = passive;
	}

	public @Nullable String getHost() {
		return this.host;
	}

	public void setHost(@Nullable String host) {
		this.host = host;
	}

	public String getPort() {
		return this.port;
	}

	public void setPort(String port) {
		this.port = port;
	}

	public @Nullable String getPath() {
		return this.path;
	}

	public void setPath(@Nullable String path) {
		this.path = path;
	}

	public @Nullable String getPermissions() {
		return this.permissions;
	}

	public void setPermissions(@Nullable String permissions) {
		this.permissions = permissions;
	}

	public boolean isInherited() {
		return this.inherited;
	}

	public void setInherited(boolean inherited) {
		this.inherited = inherited;
	}

	public @Nullable Integer getBacklog() {
		return this.backlog;
	}

	public void setBacklog(@Nullable Integer backlog) {
		this.backlog = backlog;
	}

	public boolean isReuseAddress() {
		return this.reuseAddress;
	}

	public void setReuseAddress(boolean reuseAddress) {
		this.reuseAddress = reuseAddress;
	}

	public boolean isReusePort() {
		return this.reusePort;
	}

	public void setReusePort(boolean reusePort) {
		this.reusePort = reusePort;
	}

	public @Nullable Boolean getIpv6Only() {
		return this.ipv6Only;
	}

	public void setIpv6Only(@Nullable Boolean ipv6Only) {
		this.ipv6Only = ipv6Only;
	}

	public @Nullable DataSize getReceiveBufferSize() {
		return this.receiveBufferSize;
	}

	public void setReceiveBufferSize(@Nullable DataSize receiveBufferSize) {
		this.receiveBufferSize = receiveBufferSize;
	}

	public @Nullable DataSize getSendBufferSize() {
		return this.sendBufferSize;
	}

	public void setSendBufferSize(@Nullable DataSize sendBufferSize) {
		this.sendBufferSize = sendBufferSize;
	}

	public Threads getThreads() {
		return this.threads;
	}

	public Connection getConnection() {
		return this.connection;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public void setShutdown(Shutdown shutdown) {
		this.shutdown = shutdown;
	}

	public @Nullable String getHandler() {
		return this.handler;
	}

	public void setHandler(@Nullable String handler) {
		this.handler = handler;
	}

	public Engine getEngine() {
		return this.engine;
	}

	public void setEngine(Engine engine) {
		this.engine = engine;
	}

	/**
	 * The spec of the listener these properties describe.
	 * @param name the listener's name
	 * @return the spec
	 */
	ListenerSpec toSpec(String name) {
		Hints hints = new Hints(this.family, this.socketType, this.protocol, this.passive);
		SocketOptions options = new SocketOptions(this.backlog, this.reuseAddress, this.reusePort, this.ipv6Only,
				bytes(this.receiveBufferSize), bytes(this.sendBufferSize));
		return new ListenerSpec(name, hints, this.host, this.port, options, this.path, this.permissions,
				this.inherited);
	}

	private static @Nullable Integer bytes(@Nullable DataSize size) {
		return (size != null) ? (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, size.toBytes())) : null;
	}

	/**
	 * The engine serving a listener.
	 */
	public enum Engine {

		/**
		 * Netty when Netty is on the class path and a Netty initializer bean serves the listener's
		 * socket type while no blocking handler bean does; blocking otherwise.
		 */
		AUTO,

		/** A thread per connection (platform or virtual) and a thread per socket accepting. */
		BLOCKING,

		/** Netty's event loops, shared by every listener on this engine. */
		NETTY

	}

	/**
	 * Threads serving connections.
	 */
	public static class Threads {

		/**
		 * Threads serving connections at once, per stream listener on the blocking engine. On
		 * platform threads it also caps connection.max: a connection is accepted only when a thread
		 * is free, and the rest wait in the listen backlog. Unused on virtual threads
		 * (spring.threads.virtual.enabled on Java 21+: one per connection) and on the Netty engine.
		 */
		private int max = 200;

		public int getMax() {
			return this.max;
		}

		public void setMax(int max) {
			this.max = max;
		}

	}

	/**
	 * Accepted connections.
	 */
	public static class Connection {

		/**
		 * Connections served at once, per listener. At the limit the listener stops accepting, so
		 * further connections wait in the listen backlog until one closes.
		 */
		private int max = 10000;

		/**
		 * Closes a connection when no read or write has completed for this long; a number without a
		 * unit is in seconds. Unset for no limit.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration idleTimeout;

		/**
		 * Whether to set TCP_NODELAY on accepted sockets, sending small writes at once.
		 */
		private boolean tcpNoDelay = true;

		/**
		 * Whether to set SO_KEEPALIVE on accepted sockets.
		 */
		private boolean keepAlive = false;

		public int getMax() {
			return this.max;
		}

		public void setMax(int max) {
			this.max = max;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public boolean isTcpNoDelay() {
			return this.tcpNoDelay;
		}

		public void setTcpNoDelay(boolean tcpNoDelay) {
			this.tcpNoDelay = tcpNoDelay;
		}

		public boolean isKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(boolean keepAlive) {
			this.keepAlive = keepAlive;
		}

	}

}
