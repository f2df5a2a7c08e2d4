package dev.listener.actuate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.listener.engine.AcceptError;
import dev.listener.engine.CloseReason;
import dev.listener.engine.TestCounters;
import dev.listener.engine.blocking.BlockingConnections;
import dev.listener.handler.Connection;
import dev.listener.pipeline.FrameRejection;
import dev.listener.pipeline.RejectReason;
import dev.listener.socket.Family;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Protocol;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SocketType;
import dev.listener.socket.SystemAddressResolver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private Listener listener;

	@AfterEach
	void close() throws IOException {
		if (this.listener != null) {
			this.listener.close();
		}
	}

	@Test
	void metersMoveWithRealConnections() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		ListenSocket socket = this.listener.sockets().get(0);
		byte[] request = "hello".getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < 3; i++) {
			try (Socket client = TestListeners.connect(this.listener); Connection connection = BlockingConnections.accept(socket)) {
				client.getOutputStream().write(request);
				readFully(connection, request.length);
				connection.write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
				assertThat(client.getInputStream().readNBytes(2)).hasSize(2);
				assertThat(gauge("listener.connections.active")).isEqualTo(1.0);
			}
		}
		assertThat(counter("listener.connections.accepted")).isEqualTo(3.0);
		assertThat(gauge("listener.connections.active")).isZero();
		assertThat(counter("listener.data.received")).isEqualTo(15.0);
		assertThat(counter("listener.data.sent")).isEqualTo(6.0);
		Timer duration = this.registry.get("listener.connection.duration").timer();
		assertThat(duration.count()).isEqualTo(3);
		assertThat(duration.totalTime(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(this.registry.get("listener.connections.closed").tag("reason", "eof").functionCounter().count())
			.isEqualTo(3.0);
		assertThat(this.registry.get("listener.data.received").functionCounter().getId().getBaseUnit())
			.isEqualTo("bytes");
	}

	@Test
	void handlerErrorsAreCounted() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		assertThat(counter("listener.handler.errors")).isZero();
		TestCounters.of(this.listener.sockets().get(0)).handlerFailed();
		TestCounters.of(this.listener.sockets().get(0)).handlerFailed();
		assertThat(counter("listener.handler.errors")).isEqualTo(2.0);
	}

	@Test
	void framesRefusedAreCountedTaggedByReason() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		TestCounters.of(this.listener.sockets().get(0)).frameRejected(FrameRejection.TOO_LONG);
		TestCounters.of(this.listener.sockets().get(0)).frameRejected(FrameRejection.MALFORMED);
		TestCounters.of(this.listener.sockets().get(0)).frameRejected(FrameRejection.MALFORMED);
		assertThat(this.registry.get("listener.frames.rejected").tag("reason", "too-long").functionCounter().count())
			.isEqualTo(1.0);
		assertThat(this.registry.get("listener.frames.rejected").tag("reason", "malformed").functionCounter().count())
			.isEqualTo(2.0);
		assertThat(this.registry.find("listener.frames.rejected").functionCounters()).hasSize(2);
	}

	@Test
	void openGaugeFollowsTheSocket() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		assertThat(gauge("listener.open")).isEqualTo(1.0);
		this.listener.sockets().get(0).close();
		assertThat(gauge("listener.open")).isZero();
	}

	@Test
	void everySocketIsTaggedWithItsListenerFamilyProtocolAndBoundAddress() throws Exception {
		this.listener = TestListeners.open("edge", Family.UNSPEC, null);
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		int port = this.listener.port();
		assertThat(this.registry.get("listener.open").gauges()).extracting((gauge) -> gauge.getId().getTags())
			.containsExactlyInAnyOrder(
					List.of(Tag.of("address", "0.0.0.0:" + port), Tag.of("family", "inet"),
							Tag.of("listener", "edge"), Tag.of("protocol", "tcp")),
					List.of(Tag.of("address", "[::]:" + port), Tag.of("family", "inet6"), Tag.of("listener", "edge"),
							Tag.of("protocol", "tcp")));
	}

	@Test
	void unixSocketIsTaggedWithItsPathAndCountsItsConnections(@TempDir Path directory) throws Exception {
		Path path = directory.resolve("app.sock");
		this.listener = TestListeners.openUnix("local", path);
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		assertThat(this.registry.get("listener.open").gauge().getId().getTags()).containsExactlyInAnyOrder(
				Tag.of("address", path.toString()), Tag.of("family", "unix"), Tag.of("listener", "local"),
				Tag.of("protocol", "default"));
		try (SocketChannel client = TestListeners.connectUnix(this.listener);
				Connection connection = BlockingConnections.accept(this.listener.sockets().get(0))) {
			client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
			readFully(connection, 5);
			assertThat(gauge("listener.connections.active")).isEqualTo(1.0);
		}
		assertThat(this.registry.get("listener.connections.accepted").tag("address", path.toString())
			.functionCounter().count()).isEqualTo(1.0);
		assertThat(counter("listener.data.received")).isEqualTo(5.0);
	}

	@Test
	void reasonAndErrorTagsAreTheFixedSetsInLowerCase() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		TestCounters.of(this.listener.sockets().get(0)).connectionRejected(RejectReason.SHUTDOWN);
		TestCounters.of(this.listener.sockets().get(0)).acceptFailed(AcceptError.EMFILE);
		assertThat(this.registry.get("listener.connections.rejected").functionCounters())
			.extracting((counter) -> counter.getId().getTag("reason"))
			.containsExactlyInAnyOrder("shutdown", "error", "denied", "proxy-untrusted", "proxy-malformed",
					"proxy-timeout");
		assertThat(this.registry.get("listener.connections.rejected").tag("reason", "shutdown").functionCounter().count())
			.isEqualTo(1.0);
		assertThat(this.registry.get("listener.accept.errors").functionCounters())
			.extracting((counter) -> counter.getId().getTag("error"))
			.containsExactlyInAnyOrder("emfile", "enfile", "econnaborted", "other");
		assertThat(this.registry.get("listener.accept.errors").tag("error", "emfile").functionCounter().count())
			.isEqualTo(1.0);
		assertThat(this.registry.get("listener.accept.errors").tag("error", "other").functionCounter().count())
			.isZero();
	}

	@Test
	void connectionsCreateNoMeterAndNoTagNamesAPeer() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		int before = this.registry.getMeters().size();
		try (Socket client = TestListeners.connect(this.listener);
				Connection connection = BlockingConnections.accept(this.listener.sockets().get(0))) {
			String peer = ((InetSocketAddress) client.getLocalSocketAddress()).getPort() + "";
			assertThat(this.registry.getMeters()).hasSize(before);
			assertThat(this.registry.getMeters()).flatExtracting((meter) -> meter.getId().getTags())
				.extracting(Tag::getKey)
				.containsOnly("listener", "family", "protocol", "address", "reason", "error");
			assertThat(this.registry.getMeters()).flatExtracting((meter) -> meter.getId().getTags())
				.extracting(Tag::getValue)
				.noneMatch((value) -> value.endsWith(":" + peer));
		}
	}

	@Test
	void datagramSocketsHaveDatagramMetersInsteadOfConnectionMeters() throws Exception {
		this.listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("dns", new Hints(Family.INET, SocketType.DGRAM, Protocol.UDP, true), "127.0.0.1",
					"0", SocketOptions.defaults()));
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		TestCounters.of(this.listener.sockets().get(0)).datagramReceived();
		assertThat(counter("listener.datagrams.received")).isEqualTo(1.0);
		assertThat(counter("listener.datagrams.sent")).isZero();
		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsOnly("listener.open", "listener.handler.errors", "listener.datagrams.received",
					"listener.datagrams.sent", "listener.frames.rejected", "listener.data.received",
					"listener.data.sent");
		assertThat(this.registry.get("listener.open").gauge().getId().getTag("protocol")).isEqualTo("udp");
	}

	@Test
	void closedConnectionsAreCountedByHowTheyEnded() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		ListenSocket socket = this.listener.sockets().get(0);
		for (CloseReason reason : List.of(CloseReason.IDLE, CloseReason.RESET, CloseReason.RESET)) {
			try (Socket client = TestListeners.connect(this.listener); SocketChannel accepted = socket.accept()) {
				TestCounters.of(socket).connectionAccepted();
				TestCounters.of(socket).connectionClosed(reason, 1_000_000);
			}
		}
		assertThat(this.registry.get("listener.connections.closed").tag("reason", "idle").functionCounter().count())
			.isEqualTo(1.0);
		assertThat(this.registry.get("listener.connections.closed").tag("reason", "reset").functionCounter().count())
			.isEqualTo(2.0);
		assertThat(this.registry.find("listener.connections.closed").functionCounters())
			.extracting((counter) -> counter.getId().getTag("reason"))
			.containsExactlyInAnyOrder("eof", "reset", "idle", "limit", "rejected", "shutdown", "handler-error");
	}

	@Test
	void theDurationTimerHonoursDistributionSettings() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		this.registry.config().meterFilter(new MeterFilter() {
			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				return DistributionStatisticConfig.builder()
					.percentilesHistogram(true)
					.serviceLevelObjectives(Duration.ofSeconds(1).toNanos())
					.build()
					.merge(config);
			}
		});
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		try (Socket client = TestListeners.connect(this.listener)) {
			BlockingConnections.accept(this.listener.sockets().get(0)).close();
		}
		HistogramSnapshot snapshot = this.registry.get("listener.connection.duration").timer().takeSnapshot();
		assertThat(snapshot.histogramCounts()).isNotEmpty()
			.anySatisfy((bucket) -> assertThat(bucket.bucket(TimeUnit.SECONDS)).isEqualTo(1.0));
		assertThat(snapshot.count()).isEqualTo(1);
	}

	@Test
	void streamSocketsHaveTheConnectionAndByteMeters() throws Exception {
		this.listener = TestListeners.open("default", Family.INET, "127.0.0.1");
		new ListenerMetrics(List.of(this.listener)).bindTo(this.registry);
		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsOnlyOnceElementsOf(Set.of("listener.open", "listener.connections.accepted",
					"listener.connections.active", "listener.connection.duration", "listener.data.received",
					"listener.data.sent"))
			.doesNotContain("listener.datagrams.received");
		assertThat(this.registry.getMeters()).extracting(Meter::getId)
			.filteredOn((id) -> id.getName().equals("listener.connection.duration"))
			.singleElement()
			.satisfies((id) -> assertThat(id.getType()).isEqualTo(Meter.Type.TIMER));
	}

	private double counter(String name) {
		return this.registry.get(name).functionCounter().count();
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	private static void readFully(Connection connection, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		while (buffer.hasRemaining()) {
			if (connection.read(buffer) < 0) {
				throw new IOException("closed after " + buffer.position() + " bytes");
			}
		}
	}

}
