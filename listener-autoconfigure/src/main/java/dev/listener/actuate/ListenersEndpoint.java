package dev.listener.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.listener.engine.AcceptError;
import dev.listener.engine.ServingStates;
import dev.listener.engine.SocketCounters;
import dev.listener.pipeline.ClientLimits;
import dev.listener.pipeline.ClientLimitsByListener;
import dev.listener.pipeline.Durations;
import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.HandshakeFailure;
import dev.listener.pipeline.RejectReason;
import dev.listener.pipeline.Tls;
import dev.listener.socket.AddressInfo;
import dev.listener.socket.Addresses;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.SocketOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code listeners} endpoint: for each listener, the configuration as bound, the addresses the
 * resolution returned (getaddrinfo's chain), what was bound, its state and its counters. Like
 * every endpoint, it is not exposed over the web until
 * {@code management.endpoints.web.exposure.include} names it.
 */
@Endpoint(id = "listeners")
public class ListenersEndpoint {

	private final List<Listener> listeners;

	private final ServingStates states;

	private final ClientLimitsByListener limits;

	/**
	 * Creates the endpoint.
	 * @param listeners the listeners
	 * @param states tells what the engine serving each listener is doing
	 */
	public ListenersEndpoint(List<Listener> listeners, ServingStates states) {
		this(listeners, states, ClientLimitsByListener.NONE);
	}

	/**
	 * Creates the endpoint.
	 * @param listeners the listeners
	 * @param states tells what the engine serving each listener is doing
	 * @param limits the limits of each listener, with its busiest clients
	 */
	public ListenersEndpoint(List<Listener> listeners, ServingStates states, ClientLimitsByListener limits) {
		this.listeners = List.copyOf(listeners);
		this.states = states;
		this.limits = limits;
	}

	/**
	 * Describes every listener.
	 * @return the listeners by name
	 */
	@ReadOperation
	public ListenersDescriptor listeners() {
		Map<String, ListenerDescriptor> descriptors = new LinkedHashMap<>();
		for (Listener listener : this.listeners) {
			descriptors.put(listener.name(), describe(listener));
		}
		return new ListenersDescriptor(descriptors);
	}

	/**
	 * Describes one listener.
	 * @param name the listener's name, {@code default} for the one under {@code listener.*}
	 * @return the listener, or {@code null} (404) when there is none of that name
	 */
	@ReadOperation
	public @Nullable ListenerDescriptor listener(@Selector String name) {
		for (Listener listener : this.listeners) {
			if (listener.name().equals(name)) {
				return describe(listener);
			}
		}
		return null;
	}

	private ListenerDescriptor describe(Listener listener) {
		ListenerStatus status = ListenerStatus.of(listener, this.states);
		List<SocketDescriptor> sockets = listener.sockets().stream().map(SocketDescriptor::of).toList();
		return new ListenerDescriptor(listener.name(), ConfigurationDescriptor.of(listener.spec()),
				listener.resolved().stream().map(AddressInfoDescriptor::of).toList(),
				listener.boundAddresses().stream().map(Addresses::format).toList(), listener.inheritedFrom(),
				listener.options().backlog(),
				status.stateName(), status.reason(), this.states.engine(listener), CountersDescriptor.sum(listener.sockets()),
				sockets, LimitsDescriptor.of(this.limits.of(listener.name())), TlsDescriptor.of(this.states.tls(listener), this.states.tlsProvider(listener)));
	}

	/**
	 * Every listener, by name.
	 *
	 * @param listeners the listeners
	 */
	public record ListenersDescriptor(Map<String, ListenerDescriptor> listeners) implements OperationResponseBody {

	}

	/**
	 * One listener.
	 *
	 * @param name its name
	 * @param configuration what was configured
	 * @param resolved the resolution's results in order, the getaddrinfo chain
	 * @param boundAddresses the addresses its sockets are bound to
	 * @param inheritedFrom where an inherited socket came from ({@code standard input}, or
	 * {@code systemd (fd 3 'web')}), {@code null} when the listener bound it
	 * @param backlog the listen() backlog in effect, {@code null} when inherited and not configured
	 * @param state {@code bound}, {@code serving}, {@code closed}, {@code stopped} or {@code failed}
	 * @param reason why it is not up, when it is not
	 * @param engine the engine serving it, such as {@code blocking} or {@code netty (epoll)}, or
	 * {@code null} when nothing serves it
	 * @param counters its sockets' counters, summed
	 * @param sockets each bound socket
	 * @param limits its limits per client and on the accept rate, {@code null} when it has none
	 * @param tls its TLS, {@code null} without it
	 */
	public record ListenerDescriptor(String name, ConfigurationDescriptor configuration,
			List<AddressInfoDescriptor> resolved, List<String> boundAddresses, @Nullable String inheritedFrom,
			@Nullable Integer backlog, String state,
			@Nullable String reason, @Nullable String engine, CountersDescriptor counters,
			List<SocketDescriptor> sockets, @Nullable LimitsDescriptor limits, @Nullable TlsDescriptor tls)
			implements OperationResponseBody {

	}

	/**
	 * A listener's TLS: the implementation its engine uses, whom it asks for a certificate, the
	 * server names with a bundle of their own (a client asking for another name, or none, gets the
	 * default bundle), and the protocols ALPN offers.
	 *
	 * @param provider {@code jdk} (the JDK's {@code SSLEngine}) or {@code openssl} (netty-tcnative,
	 * on the Netty engine), as {@code ssl.provider} resolved, {@code null} when not known
	 * @param clientAuth {@code none}, {@code want} or {@code need}
	 * @param serverNames the names of {@code ssl.server-name-bundles}, as configured
	 * @param applicationProtocols {@code ssl.application-protocols}, in order
	 */
	public record TlsDescriptor(@Nullable String provider, String clientAuth, List<String> serverNames,
			List<String> applicationProtocols) {

		static @Nullable TlsDescriptor of(@Nullable Tls tls, @Nullable String provider) {
			return (tls != null) ? new TlsDescriptor(provider, Names.lower(tls.clientAuth()), tls.serverNames(),
					tls.applicationProtocols()) : null;
		}

	}

	/**
	 * A listener's limits and what they have seen: an operator's view, which names the busiest
	 * clients (the meters never do).
	 *
	 * @param maxConnections connections at once per client, {@code null} for no limit
	 * @param maxNewConnections new connections per client per window, {@code null} for no limit
	 * @param window the window of {@code maxNewConnections}, as a property takes it ({@code 10s})
	 * @param ipv4Prefix the bits of an IPv4 address that name a client
	 * @param ipv6Prefix the bits of an IPv6 address that name a client
	 * @param maxAcceptRate connections accepted per second by the listener, {@code null} for no limit
	 * @param dryRun whether connections over a per-client limit are served and only counted
	 * @param tableSize the clients the table holds at most
	 * @param clients the clients in the table now
	 * @param evicted clients that made room for another in the full table
	 * @param exceeded connections over a per-client limit, by reason
	 * @param acceptPauses times accepting paused for {@code maxAcceptRate}
	 * @param topClients the busiest clients now: the most connections open, then the most new ones
	 */
	public record LimitsDescriptor(@Nullable Integer maxConnections, @Nullable Integer maxNewConnections,
			String window, int ipv4Prefix, int ipv6Prefix, @Nullable Integer maxAcceptRate, boolean dryRun,
			int tableSize, int clients, long evicted, Map<String, Long> exceeded, long acceptPauses,
			List<ClientLimits.Client> topClients) {

		static @Nullable LimitsDescriptor of(ClientLimits limits) {
			if (!limits.isOn()) {
				return null;
			}
			ClientLimits.Settings settings = limits.settings();
			Map<String, Long> exceeded = new LinkedHashMap<>();
			for (RejectReason reason : List.of(RejectReason.CLIENT_CONNECTIONS, RejectReason.CLIENT_RATE)) {
				exceeded.put(Names.lower(reason), limits.exceeded(reason));
			}
			return new LimitsDescriptor(positive(settings.maxConnections()), positive(settings.maxNewConnections()),
					Durations.format(settings.window()), settings.ipv4Prefix(), settings.ipv6Prefix(),
					positive(settings.maxAcceptRate()), settings.dryRun(), settings.tableSize(), limits.clients(),
					limits.evicted(), exceeded, limits.acceptPauses(), limits.top());
		}

		private static @Nullable Integer positive(int limit) {
			return (limit > 0) ? limit : null;
		}

	}

	/**
	 * The configuration as bound: getaddrinfo's hints, node and service, and the socket options
	 * (unset ones are left to the system).
	 *
	 * @param family ai_family
	 * @param socketType ai_socktype
	 * @param protocol ai_protocol
	 * @param passive AI_PASSIVE
	 * @param host the node name, if any
	 * @param port the service: a port number or a service name
	 * @param options the socket options
	 * @param path the socket file of a unix listener
	 * @param permissions the permissions of the socket file
	 * @param inherited whether the socket was inherited instead of bound
	 * @param inheritance where from: {@code false} (bound), {@code true} (standard input) or
	 * {@code systemd}
	 * @param inheritedName the systemd socket's name, when {@code inherited-name} is set
	 */
	public record ConfigurationDescriptor(String family, String socketType, String protocol, boolean passive,
			@Nullable String host, String port, SocketOptions options, @Nullable String path,
			@Nullable String permissions, boolean inherited, String inheritance, @Nullable String inheritedName) {

		static ConfigurationDescriptor of(ListenerSpec spec) {
			Hints hints = spec.hints();
			return new ConfigurationDescriptor(Names.lower(hints.family()), Names.lower(hints.socketType()),
					Names.lower(hints.protocol()), hints.passive(), spec.host(), spec.service(), spec.options(),
					spec.path(), spec.permissions(), spec.inherited(), spec.inheritance().value(), spec.inheritedName());
		}

	}

	/**
	 * One result of the resolution, a {@code struct addrinfo}.
	 *
	 * @param family the family of the socket to create
	 * @param socketType the socket type
	 * @param protocol the protocol
	 * @param address the address to bind
	 */
	public record AddressInfoDescriptor(String family, String socketType, String protocol, String address) {

		static AddressInfoDescriptor of(AddressInfo info) {
			return new AddressInfoDescriptor(Names.lower(info.family()), Names.lower(info.socketType()),
					Names.lower(info.protocol()), Addresses.format(info.address()));
		}

	}

	/**
	 * One bound socket.
	 *
	 * @param address the address it is bound to
	 * @param family its family
	 * @param protocol its protocol
	 * @param open whether it is open
	 * @param counters what it has done
	 */
	public record SocketDescriptor(String address, String family, String protocol, boolean open,
			CountersDescriptor counters) {

		static SocketDescriptor of(ListenSocket socket) {
			AddressInfo info = socket.addressInfo();
			return new SocketDescriptor(Addresses.format(socket.localAddress()), Names.lower(info.family()),
					Names.lower(info.protocol()), socket.isOpen(), CountersDescriptor.sum(List.of(socket)));
		}

	}

	/**
	 * A reading of {@link SocketCounters}.
	 *
	 * @param accepted connections accepted
	 * @param active connections accepted and not yet closed
	 * @param closed connections closed
	 * @param connectionNanos the summed lifetime of the closed connections, in nanoseconds
	 * @param rejected connections closed before they were served, by reason
	 * @param acceptErrors failed accept() calls, by kind
	 * @param bytesReceived bytes read from connections
	 * @param bytesSent bytes written to connections
	 * @param datagramsReceived datagrams received
	 * @param datagramsSent datagrams sent
	 * @param framesRejected frames refused and datagrams dropped, by reason
	 * @param tlsHandshakes TLS handshakes completed
	 * @param tlsHandshakeFailures TLS handshakes failed, by reason
	 */
	public record CountersDescriptor(long accepted, long active, long closed, long connectionNanos,
			Map<String, Long> rejected, Map<String, Long> acceptErrors, long bytesReceived, long bytesSent,
			long datagramsReceived, long datagramsSent, Map<String, Long> framesRejected, long tlsHandshakes,
			Map<String, Long> tlsHandshakeFailures) {

		static CountersDescriptor sum(List<ListenSocket> sockets) {
			long accepted = 0;
			long active = 0;
			long closed = 0;
			long connectionNanos = 0;
			long bytesReceived = 0;
			long bytesSent = 0;
			long datagramsReceived = 0;
			long datagramsSent = 0;
			Map<String, Long> framesRejected = new LinkedHashMap<>();
			long tlsHandshakes = 0;
			Map<String, Long> tlsHandshakeFailures = new LinkedHashMap<>();
			Map<String, Long> rejected = new LinkedHashMap<>();
			Map<String, Long> acceptErrors = new LinkedHashMap<>();
			for (ListenSocket socket : sockets) {
				SocketCounters counters = SocketCounters.of(socket);
				accepted += counters.accepted();
				active += counters.active();
				closed += counters.closed();
				connectionNanos += counters.connectionNanos();
				bytesReceived += counters.bytesReceived();
				bytesSent += counters.bytesSent();
				datagramsReceived += counters.datagramsReceived();
				datagramsSent += counters.datagramsSent();
				for (FrameRejection reason : FrameRejection.values()) {
					framesRejected.merge(reason.tagValue(), counters.framesRejected(reason), Long::sum);
				}
				tlsHandshakes += counters.handshakes();
				for (HandshakeFailure reason : HandshakeFailure.values()) {
					tlsHandshakeFailures.merge(reason.tagValue(), counters.handshakeFailures(reason), Long::sum);
				}
				for (RejectReason reason : RejectReason.values()) {
					rejected.merge(Names.lower(reason), counters.rejected(reason), Long::sum);
				}
				for (AcceptError error : AcceptError.values()) {
					acceptErrors.merge(Names.lower(error), counters.acceptErrors(error), Long::sum);
				}
			}
			return new CountersDescriptor(accepted, active, closed, connectionNanos, rejected, acceptErrors,
					bytesReceived, bytesSent, datagramsReceived, datagramsSent, framesRejected, tlsHandshakes,
					tlsHandshakeFailures);
		}

	}

}
