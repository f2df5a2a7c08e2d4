package dev.listener.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.listener.engine.Shutdown;
import dev.listener.socket.Family;
import dev.listener.socket.Hints;
import dev.listener.socket.Inheritance;
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
	 * Whether to bind the socket (false), serve the listening socket a service manager passed on
	 * standard input (true: systemd StandardInput=socket, inetd wait; one listener at most), or take
	 * the sockets of systemd's socket activation named like the listener or inherited-name (systemd:
	 * LISTEN_FDS from fd 3 on, named by FileDescriptorName=). What is inherited must match family,
	 * socket-type and protocol.
	 */
	private Inheritance inherited = Inheritance.FALSE;

	/**
	 * Name of the systemd socket to take with inherited systemd (FileDescriptorName= of the .socket
	 * unit, in LISTEN_FDNAMES). Unset for the listener's name (default for the listener under
	 * listener.*).
	 */
	private @Nullable String inheritedName;

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
	 * How long the listener goes on accepting at shutdown once readiness refuses traffic, so that a
	 * balancer checking readiness stops sending it connections first; then it stops accepting and
	 * drains. It counts against spring.lifecycle.timeout-per-shutdown-phase. 0 for none.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration shutdownDelay = Duration.ZERO;

	/**
	 * Name of the handler bean serving this listener: a ConnectionHandler for stream listeners, a
	 * DatagramHandler for dgram ones, a Netty initializer, or a MessageHandler for either. Unset for
	 * the only handler bean of the listener's type (a MessageHandler when there is none).
	 */
	private @Nullable String handler;

	/**
	 * Engine serving this listener: blocking (a thread per connection, platform or virtual), netty
	 * (event loops; needs Netty on the class path), or auto: netty when Netty is on the class path
	 * and a Netty initializer bean serves this listener's socket type while no ConnectionHandler or
	 * DatagramHandler bean does, or a MessageHandler bean serves it on a tcp, udp or unix stream
	 * listener; blocking otherwise. Another engine on the class path adds its own name.
	 */
	private String engine = "auto";

	/**
	 * Client networks allowed to connect, in CIDR notation (127.0.0.0/8, fd00::/8) or single
	 * addresses. Empty allows every address not denied. With the PROXY protocol on, the client
	 * address from the header is checked.
	 */
	private List<String> allow = new ArrayList<>();

	/**
	 * Client networks refused, in CIDR notation or single addresses; deny wins over allow. A denied
	 * connection is closed before any byte is read.
	 */
	private List<String> deny = new ArrayList<>();

	private final ProxyProtocol proxyProtocol = new ProxyProtocol();

	private final Ssl ssl = new Ssl();

	private final Framing framing = new Framing();

	private final Limits limits = new Limits();

	private final Message message = new Message();

	public List<String> getAllow() {
		return this.allow;
	}

	public void setAllow(List<String> allow) {
		this.allow = allow;
	}

	public List<String> getDeny() {
		return this.deny;
	}

	public void setDeny(List<String> deny) {
		this.deny = deny;
	}

	public ProxyProtocol getProxyProtocol() {
		return this.proxyProtocol;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Framing getFraming() {
		return this.framing;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Message getMessage() {
		return this.message;
	}

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

	public Inheritance getInherited() {
		return this.inherited;
	}

	public void setInherited(Inheritance inherited) {
		this.inherited = inherited;
	}

	public @Nullable String getInheritedName() {
		return this.inheritedName;
	}

	public void setInheritedName(@Nullable String inheritedName) {
		this.inheritedName = inheritedName;
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

	public Duration getShutdownDelay() {
		return this.shutdownDelay;
	}

	public void setShutdownDelay(Duration shutdownDelay) {
		this.shutdownDelay = shutdownDelay;
	}

	public @Nullable String getHandler() {
		return this.handler;
	}

	public void setHandler(@Nullable String handler) {
		this.handler = handler;
	}

	public String getEngine() {
		return this.engine;
	}

	public void setEngine(String engine) {
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
				this.inherited, this.inheritedName);
	}

	private static @Nullable Integer bytes(@Nullable DataSize size) {
		return (size != null) ? (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, size.toBytes())) : null;
	}

	/**
	 * The PROXY protocol (v1 and v2) of TCP load balancers such as HAProxy and AWS NLB: a header
	 * before the client's data that carries the client's address.
	 */
	public static class ProxyProtocol {

		/**
		 * Whether connections start with a PROXY header: off, optional (read one when a trusted
		 * peer sends one), or required (refuse a connection without one).
		 */
		private dev.listener.pipeline.ProxyProtocol.Mode mode = dev.listener.pipeline.ProxyProtocol.Mode.OFF;

		/**
		 * Networks of the balancers allowed to send a header, in CIDR notation; required when mode
		 * is not off. A header from any other peer closes the connection.
		 */
		private List<String> trusted = new ArrayList<>();

		/**
		 * How long the header may take to arrive before the connection is closed.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeout = Duration.ofSeconds(10);

		public dev.listener.pipeline.ProxyProtocol.Mode getMode() {
			return this.mode;
		}

		public void setMode(dev.listener.pipeline.ProxyProtocol.Mode mode) {
			this.mode = mode;
		}

		public List<String> getTrusted() {
			return this.trusted;
		}

		public void setTrusted(List<String> trusted) {
			this.trusted = trusted;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * TLS from one of Boot's SSL bundles (spring.ssl.bundle.*).
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle holding the server's key and certificate (and the trust material
		 * for client certificates), from spring.ssl.bundle.jks.* or spring.ssl.bundle.pem.*. Unset
		 * for plain TCP.
		 */
		private @Nullable String bundle;

		/**
		 * Whether clients present a certificate: none, want (asked, not required) or need.
		 */
		private dev.listener.pipeline.Tls.ClientAuth clientAuth = dev.listener.pipeline.Tls.ClientAuth.NONE;

		/**
		 * How long a TLS handshake may take before the connection is closed.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration handshakeTimeout = Duration.ofSeconds(10);

		/**
		 * TLS implementation: auto (OpenSSL on the Netty engine when netty-tcnative-boringssl-static
		 * is on the class path and loads, else the JDK's), jdk, or openssl (Netty engine only).
		 */
		private dev.listener.pipeline.Tls.Provider provider = dev.listener.pipeline.Tls.Provider.AUTO;

		public dev.listener.pipeline.Tls.Provider getProvider() {
			return this.provider;
		}

		public void setProvider(dev.listener.pipeline.Tls.Provider provider) {
			this.provider = provider;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		public dev.listener.pipeline.Tls.ClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(dev.listener.pipeline.Tls.ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

		public Duration getHandshakeTimeout() {
			return this.handshakeTimeout;
		}

		public void setHandshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
		}

		/**
		 * Bundles for the server names clients ask for (SNI), as Boot's
		 * server.ssl.server-name-bundles: a client with no or another name gets the default bundle.
		 */
		private List<ServerNameSslBundle> serverNameBundles = new ArrayList<>();

		/**
		 * Application protocols offered by ALPN, in the server's order of preference, such as h2,
		 * http/1.1; a client offering only others is refused. Empty for no ALPN.
		 */
		private List<String> applicationProtocols = new ArrayList<>();

		public List<ServerNameSslBundle> getServerNameBundles() {
			return this.serverNameBundles;
		}

		public void setServerNameBundles(List<ServerNameSslBundle> serverNameBundles) {
			this.serverNameBundles = serverNameBundles;
		}

		public List<String> getApplicationProtocols() {
			return this.applicationProtocols;
		}

		public void setApplicationProtocols(List<String> applicationProtocols) {
			this.applicationProtocols = applicationProtocols;
		}

		/**
		 * An SSL bundle for a server name.
		 */
		public static class ServerNameSslBundle {

			/**
			 * Server name the client asks for (SNI): a host name, or a wildcard such as
			 * *.example.test for one label in its place.
			 */
			private @Nullable String serverName;

			/**
			 * Name of the SSL bundle whose key and certificate this server name gets.
			 */
			private @Nullable String bundle;

			public @Nullable String getServerName() {
				return this.serverName;
			}

			public void setServerName(@Nullable String serverName) {
				this.serverName = serverName;
			}

			public @Nullable String getBundle() {
				return this.bundle;
			}

			public void setBundle(@Nullable String bundle) {
				this.bundle = bundle;
			}

		}

	}

	/**
	 * How the byte stream of a connection is split into frames.
	 */
	public static class Framing {

		/**
		 * How frames are delimited: none (a byte stream), line, length-field or delimiter. A
		 * datagram is always one frame.
		 */
		private dev.listener.pipeline.Framing.Type type = dev.listener.pipeline.Framing.Type.NONE;

		/**
		 * Largest frame held in memory, not counting its line end, delimiter or length field; a
		 * longer one closes the connection (a longer datagram is dropped). At most 1GB.
		 */
		private DataSize maxFrameSize = DataSize.ofKilobytes(64);

		/**
		 * What written lines end with: lf or crlf. Read lines end at LF either way, a CR before it
		 * dropped.
		 */
		private dev.listener.pipeline.Framing.LineEnding lineEnding = dev.listener.pipeline.Framing.LineEnding.LF;

		private final LengthField lengthField = new LengthField();

		/**
		 * Bytes that end each frame, as a string written in UTF-8 (YAML escapes such as "\0" work);
		 * required when type is delimiter.
		 */
		private @Nullable String delimiter;

		public dev.listener.pipeline.Framing.Type getType() {
			return this.type;
		}

		public void setType(dev.listener.pipeline.Framing.Type type) {
			this.type = type;
		}

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

		public dev.listener.pipeline.Framing.LineEnding getLineEnding() {
			return this.lineEnding;
		}

		public void setLineEnding(dev.listener.pipeline.Framing.LineEnding lineEnding) {
			this.lineEnding = lineEnding;
		}

		public LengthField getLengthField() {
			return this.lengthField;
		}

		public @Nullable String getDelimiter() {
			return this.delimiter;
		}

		public void setDelimiter(@Nullable String delimiter) {
			this.delimiter = delimiter;
		}

		/**
		 * The unsigned length field before each frame, when type is length-field.
		 */
		public static class LengthField {

			/**
			 * Size of the length field in bytes: 1, 2, 4 or 8; large enough for max-frame-size.
			 */
			private int length = 4;

			/**
			 * Byte order of the length field: big-endian (network order) or little-endian.
			 */
			private ByteOrder byteOrder = ByteOrder.BIG_ENDIAN;

			/**
			 * Whether the length counts the length field itself as well as the frame.
			 */
			private boolean includesLength;

			public int getLength() {
				return this.length;
			}

			public void setLength(int length) {
				this.length = length;
			}

			public ByteOrder getByteOrder() {
				return this.byteOrder;
			}

			public void setByteOrder(ByteOrder byteOrder) {
				this.byteOrder = byteOrder;
			}

			public boolean isIncludesLength() {
				return this.includesLength;
			}

			public void setIncludesLength(boolean includesLength) {
				this.includesLength = includesLength;
			}

		}

	}

	/**
	 * Limits on what clients may open, beyond connection.max: per client, and on the whole
	 * listener's accept rate. Each applies to TCP listeners.
	 */
	public static class Limits {

		/**
		 * Connections accepted per second by the whole listener. Over it the listener pauses
		 * accepting, so further connections wait in the listen backlog (none is refused); after a
		 * quiet second, up to this many are accepted at once. Unset for no limit.
		 */
		private @Nullable Integer maxAcceptRate;

		/**
		 * Whether a connection over a per-client limit is counted (listener.limits.exceeded) and
		 * served rather than refused: to learn what the limits would refuse before enforcing them.
		 */
		private boolean dryRun;

		private final PerClient perClient = new PerClient();

		public @Nullable Integer getMaxAcceptRate() {
			return this.maxAcceptRate;
		}

		public void setMaxAcceptRate(@Nullable Integer maxAcceptRate) {
			this.maxAcceptRate = maxAcceptRate;
		}

		public boolean isDryRun() {
			return this.dryRun;
		}

		public void setDryRun(boolean dryRun) {
			this.dryRun = dryRun;
		}

		public PerClient getPerClient() {
			return this.perClient;
		}

		/**
		 * Limits per client: a client is its address under ipv4-prefix or ipv6-prefix, and behind
		 * the PROXY protocol the header's client. A connection over a limit is closed at accept,
		 * before any byte is read, and counted in listener.connections.rejected.
		 */
		public static class PerClient {

			/**
			 * Connections open at once per client. Unset for no limit.
			 */
			private @Nullable Integer maxConnections;

			/**
			 * New connections per client within the window, refused ones included, so that a
			 * client reconnecting in a loop stays refused until it slows down. Unset for no limit.
			 */
			private @Nullable Integer maxNewConnections;

			/**
			 * The window of max-new-connections, sliding; a number without a unit is in seconds.
			 */
			@DurationUnit(ChronoUnit.SECONDS)
			private Duration window = Duration.ofSeconds(10);

			/**
			 * Leading bits of an IPv4 address that name a client, 0 to 32: 24 makes each /24
			 * network one client.
			 */
			private int ipv4Prefix = 32;

			/**
			 * Leading bits of an IPv6 address that name a client, 0 to 128: a host usually has a
			 * whole /64.
			 */
			private int ipv6Prefix = 64;

			/**
			 * Clients tracked at most, about 64 bytes each. When full, a new client takes the place
			 * of the one idle longest (listener.limits.clients.evicted counts it).
			 */
			private int tableSize = 65536;

			public @Nullable Integer getMaxConnections() {
				return this.maxConnections;
			}

			public void setMaxConnections(@Nullable Integer maxConnections) {
				this.maxConnections = maxConnections;
			}

			public @Nullable Integer getMaxNewConnections() {
				return this.maxNewConnections;
			}

			public void setMaxNewConnections(@Nullable Integer maxNewConnections) {
				this.maxNewConnections = maxNewConnections;
			}

			public Duration getWindow() {
				return this.window;
			}

			public void setWindow(Duration window) {
				this.window = window;
			}

			public int getIpv4Prefix() {
				return this.ipv4Prefix;
			}

			public void setIpv4Prefix(int ipv4Prefix) {
				this.ipv4Prefix = ipv4Prefix;
			}

			public int getIpv6Prefix() {
				return this.ipv6Prefix;
			}

			public void setIpv6Prefix(int ipv6Prefix) {
				this.ipv6Prefix = ipv6Prefix;
			}

			public int getTableSize() {
				return this.tableSize;
			}

			public void setTableSize(int tableSize) {
				this.tableSize = tableSize;
			}

		}

	}

	/**
	 * Byte order of a length field.
	 */
	public enum ByteOrder {

		/** Most significant byte first: network byte order. */
		BIG_ENDIAN,

		/** Least significant byte first. */
		LITTLE_ENDIAN

	}

	/**
	 * A MessageHandler bean serving this listener.
	 */
	public static class Message {

		/**
		 * Whether the message handler blocks (a JDBC call, a remote call, a sleep): on the Netty
		 * engine it then runs off the event loops, on virtual threads (spring.threads.virtual.enabled,
		 * Java 21+) or a pool of threads.max platform threads, one message at a time per connection,
		 * in order. The blocking engine runs every handler on a thread of its own connection anyway.
		 */
		private boolean blocking;

		public boolean isBlocking() {
			return this.blocking;
		}

		public void setBlocking(boolean blocking) {
			this.blocking = blocking;
		}

	}

	/**
	 * Threads serving connections.
	 */
	public static class Threads {

		/**
		 * Threads serving connections at once, per stream listener on the blocking engine. On
		 * platform threads it also caps connection.max: a connection is accepted only when a thread
		 * is free, and the rest wait in the listen backlog. Unused on virtual threads
		 * (spring.threads.virtual.enabled on Java 21+: one per connection) and on the Netty engine,
		 * except by a blocking message handler there (message.blocking), whose pool it sizes.
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
