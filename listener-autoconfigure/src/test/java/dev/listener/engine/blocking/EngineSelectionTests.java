package dev.listener.engine.blocking;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.listener.actuate.ListenersEndpoint;
import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.engine.ServingState;
import dev.listener.engine.SocketCounters;
import dev.listener.engine.netty.NettyConnectionInitializer;
import dev.listener.engine.netty.NettyDatagramInitializer;
import dev.listener.engine.netty.NettyEngines;
import dev.listener.handler.ConnectionHandler;
import dev.listener.socket.Listener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which engine serves a listener ({@code listener.engine}, the handler beans, Netty on the class
 * path or not), which transport the Netty engine takes, and what the blocking engine's limit is.
 */
@ExtendWith(OutputCaptureExtension.class)
class EngineSelectionTests {

	private static final String HOST = "127.0.0.1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
				ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
		.withPropertyValues("listener.port=0", "listener.host=" + HOST, "listener.netty.threads=1");

	@Test
	void withoutNettyOnTheClassPathTheBlockingEngineServesAndNoNettyBeanExists() {
		this.runner.withClassLoader(new FilteredClassLoader("io.netty"))
			.withBean(ConnectionHandler.class, () -> EchoClient.ECHO)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(NettyEngines.class);
				assertThat(engine(context)).isEqualTo("blocking");
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					assertThat(client.roundTrip("no netty")).isEqualTo("no netty");
				}
			});
	}

	@Test
	void engineNettyWithoutNettyOnTheClassPathFailsNamingThePropertyAndTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("io.netty"))
			.withBean(ConnectionHandler.class, () -> EchoClient.ECHO)
			.withPropertyValues("listener.engine=netty")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.engine");
					assertThat(ex.getValue()).isEqualTo("netty");
					assertThat(ex.getReason()).contains("io.netty:netty-transport").contains("choose blocking");
				}));
	}

	@Test
	void framingOnTheNettyEngineWithoutNettysCodecsFailsNamingThePropertyAndTheModule() {
		this.runner.withClassLoader(new FilteredClassLoader("io.netty.handler.codec.LineBasedFrameDecoder"))
			.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.withPropertyValues("listener.framing.type=length-field")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.framing.type");
					assertThat(ex.getValue()).isEqualTo("length-field");
					assertThat(ex.getReason()).contains("io.netty:netty-codec-base")
						.contains("set listener.engine to blocking");
				}));
	}

	@Test
	void proxyProtocolOnTheNettyEngineWithoutTheHaproxyCodecFailsNamingThePropertyAndTheModule() {
		this.runner.withClassLoader(new FilteredClassLoader("io.netty.handler.codec.haproxy"))
			.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.withPropertyValues("listener.proxy-protocol.mode=required", "listener.proxy-protocol.trusted=127.0.0.1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.proxy-protocol.mode");
					assertThat(ex.getValue()).isEqualTo("required");
					assertThat(ex.getReason()).contains("io.netty:netty-codec-haproxy");
				}));
	}

	/**
	 * On a unix listener as on a tcp one: a blocking handler keeps it on the blocking engine, a
	 * Netty initializer alone takes Netty, and the startup line says which.
	 */
	@Test
	void autoServesAUnixListenerOnTheEngineOfItsHandlerAndTheStartupLineSaysWhich(@TempDir Path directory,
			CapturedOutput output) {
		ApplicationContextRunner unix = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
			.withPropertyValues("listener.family=unix", "listener.path=" + directory.resolve("auto.sock"),
					"listener.netty.threads=1", "listener.netty.transport=nio")
			.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO);
		unix.withBean(ConnectionHandler.class, () -> EchoClient.ECHO)
			.run((context) -> assertThat(engine(context)).isEqualTo("blocking"));
		unix.run((context) -> {
			assertThat(engine(context)).isEqualTo("netty (nio)");
			assertThat(output.getOut()).contains("Listener 'default' serving on netty (nio, 1 event-loop thread)");
		});
	}

	@Test
	void autoTakesNettyWhenOnlyANettyInitializerServesTheSocketType() {
		this.runner.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO).run((context) -> {
			assertThat(engine(context)).startsWith("netty (");
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.roundTrip("auto netty")).isEqualTo("auto netty");
			}
		});
	}

	@Test
	void autoTakesBlockingWhenABlockingHandlerServesTheSocketTypeToo() {
		this.runner.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.withBean(ConnectionHandler.class, () -> EchoClient.ECHO)
			.run((context) -> assertThat(engine(context)).isEqualTo("blocking"));
	}

	@Test
	void autoTakesBlockingWhenTheNettyInitializerServesTheOtherSocketType() {
		this.runner.withBean(NettyDatagramInitializer.class, () -> NettyTestHandlers.DATAGRAM_ECHO)
			.withBean(ConnectionHandler.class, () -> EchoClient.ECHO)
			.run((context) -> assertThat(engine(context)).isEqualTo("blocking"));
	}

	@Test
	void theHandlerPropertyNamingANettyInitializerTakesNetty() {
		this.runner.withBean("nettyEcho", NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.withBean("blockingEcho", ConnectionHandler.class, () -> EchoClient.ECHO)
			.withPropertyValues("listener.handler=nettyEcho")
			.run((context) -> assertThat(engine(context)).startsWith("netty ("));
	}

	@Test
	void engineBlockingWithANettyInitializerNamedFailsNamingTheEngine() {
		this.runner.withBean("nettyEcho", NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.withPropertyValues("listener.handler=nettyEcho", "listener.engine=blocking")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.engine");
					assertThat(ex.getReason()).contains("nettyEcho").contains("NettyConnectionInitializer beans");
				}));
	}

	@Test
	void engineNettyWithOnlyAConnectionHandlerFailsInsteadOfHoldingTheSocketUnserved() {
		String reason = refusedEngine(this.runner.withBean("blockingEcho", ConnectionHandler.class, () -> EchoClient.ECHO),
				"netty");
		assertThat(reason).contains("Listener 'default' would serve nothing")
			.contains("runs a NettyConnectionInitializer or a MessageHandler bean for a stream listener")
			.contains("ConnectionHandler bean blockingEcho of the blocking engine would serve it")
			.contains("Choose blocking or auto");
	}

	@Test
	void engineBlockingWithOnlyANettyInitializerFailsNamingTheInitializer() {
		String reason = refusedEngine(
				this.runner.withBean("nettyEcho", NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO),
				"blocking");
		assertThat(reason).contains("NettyConnectionInitializer bean nettyEcho of the Netty engine would serve it")
			.contains("Choose netty or auto");
	}

	/** @return the reason of the report that refuses listener.engine set to the engine */
	private static String refusedEngine(ApplicationContextRunner runner, String engine) {
		List<String> reasons = new ArrayList<>();
		runner.withPropertyValues("listener.engine=" + engine)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.engine");
					assertThat(ex.getValue()).isEqualTo(engine);
					reasons.add(ex.getReason());
				}));
		assertThat(reasons).hasSize(1);
		return reasons.get(0);
	}

	@Test
	void anEngineNamedWithoutAnyHandlerBeanStillHoldsTheSockets() {
		this.runner.withPropertyValues("listener.engine=netty")
			.run((context) -> assertThat(context.getBean(ListenerServers.class).states()).containsEntry("default",
					ServingState.HOLDING));
	}

	@Test
	void namedListenersInheritTheEngineAndMayChooseTheirOwn() {
		this.runner.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.withBean(ConnectionHandler.class, () -> EchoClient.ECHO)
			.withPropertyValues("listener.engine=netty", "listener.sockets.events.port=0",
					"listener.sockets.admin.port=0", "listener.sockets.admin.engine=blocking")
			.run((context) -> {
				ListenerServers servers = context.getBean(ListenerServers.class);
				assertThat(servers.engine(context.getBean("eventsListener", Listener.class))).startsWith("netty (");
				assertThat(servers.engine(context.getBean("adminListener", Listener.class))).isEqualTo("blocking");
				for (String name : List.of("eventsListener", "adminListener")) {
					try (EchoClient client = new EchoClient(HOST, context.getBean(name, Listener.class).port())) {
						assertThat(client.roundTrip("to " + name)).isEqualTo("to " + name);
					}
				}
			});
	}

	@Test
	void epollWhereEpollIsMissingFailsNamingTheTransportAndTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("io.netty.channel.epoll"))
			.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.withPropertyValues("listener.netty.transport=epoll")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.netty.transport");
					assertThat(ex.getValue()).isEqualTo("epoll");
					assertThat(ex.getReason()).contains("io.netty:netty-transport-native-epoll")
						.contains("choose nio or auto");
				}));
	}

	@Test
	void autoFallsBackToNioWithoutTheNativeTransports() {
		this.runner.withClassLoader(new FilteredClassLoader("io.netty.channel.epoll", "io.netty.channel.uring"))
			.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.run((context) -> assertThat(engine(context)).isEqualTo("netty (nio)"));
	}

	@Test
	@EnabledIf("ioUringAvailable")
	void autoTakesEpollForStreamListeners() {
		this.runner.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.run((context) -> assertThat(engine(context)).isEqualTo("netty (epoll)"));
	}

	@Test
	@EnabledIf("ioUringAvailable")
	void autoTakesEpollForDatagramListenersWhereIoUringIsAvailableToo() {
		this.runner.withBean(NettyDatagramInitializer.class, () -> NettyTestHandlers.DATAGRAM_ECHO)
			.withPropertyValues("listener.socket-type=dgram", "listener.protocol=udp")
			.run((context) -> assertThat(engine(context)).isEqualTo("netty (epoll)"));
	}

	@Test
	@EnabledIf("ioUringAvailable")
	void autoTakesIoUringForDatagramListenersWithoutEpoll() {
		this.runner.withClassLoader(new FilteredClassLoader("io.netty.channel.epoll"))
			.withBean(NettyDatagramInitializer.class, () -> NettyTestHandlers.DATAGRAM_ECHO)
			.withPropertyValues("listener.socket-type=dgram", "listener.protocol=udp")
			.run((context) -> assertThat(engine(context)).isEqualTo("netty (io_uring)"));
	}

	@Test
	@EnabledIf("ioUringAvailable")
	void ioUringServesDatagramsOnTheBoundSocket() {
		this.runner.withBean(NettyDatagramInitializer.class, () -> NettyTestHandlers.DATAGRAM_ECHO)
			.withPropertyValues("listener.socket-type=dgram", "listener.protocol=udp",
					"listener.netty.transport=io-uring")
			.run((context) -> {
				assertThat(engine(context)).isEqualTo("netty (io_uring)");
				assertThat(EchoClient.datagramRoundTrip(HOST, port(context), "over io_uring"))
					.isEqualTo("over io_uring");
				assertThat(SocketCounters.of(context.getBean(Listener.class).sockets().get(0)).datagramsReceived())
					.isEqualTo(1);
			});
	}

	@Test
	void ioUringForAStreamListenerFailsNamingTheTransport() {
		this.runner.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.withPropertyValues("listener.netty.transport=io-uring")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.netty.transport");
					assertThat(ex.getValue()).isEqualTo("io-uring");
					assertThat(ex.getReason()).contains("dgram listeners only").contains("Choose epoll, nio or auto");
				}));
	}

	@Test
	void aNettyDatagramHandlerThatThrowsIsCountedAndTheSocketGoesOnReceiving() {
		NettyDatagramInitializer failingOnX = (channel) -> channel.pipeline()
			.addLast(new ChannelInboundHandlerAdapter() {

				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					io.netty.channel.socket.DatagramPacket packet = (io.netty.channel.socket.DatagramPacket) msg;
					if (packet.content().getByte(packet.content().readerIndex()) == 'x') {
						packet.release();
						throw new IllegalStateException("refusing x");
					}
					ctx.fireChannelRead(msg);
				}

			}, NettyTestHandlers.DatagramEcho.INSTANCE);
		this.runner.withBean(NettyDatagramInitializer.class, () -> failingOnX)
			.withPropertyValues("listener.socket-type=dgram", "listener.protocol=udp",
					"listener.netty.transport=nio")
			.run((context) -> {
				for (int i = 0; i < 3; i++) {
					assertThatExceptionOfType(SocketTimeoutException.class)
						.isThrownBy(() -> datagramRoundTrip(port(context), "x", 300));
				}
				assertThat(EchoClient.datagramRoundTrip(HOST, port(context), "still served"))
					.isEqualTo("still served");
				assertThat(counters(context).handlerErrors()).isEqualTo(3);
				assertThat(counters(context).datagramsReceived()).isEqualTo(4);
				assertThat(context.getBean(ListenerServers.class).states())
					.containsEntry("default", ServingState.RUNNING);
			});
	}

	private static String datagramRoundTrip(int port, String text, int timeoutMillis) throws Exception {
		try (DatagramSocket socket = new DatagramSocket()) {
			socket.setSoTimeout(timeoutMillis);
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			socket.send(new java.net.DatagramPacket(bytes, bytes.length, InetAddress.getByName(HOST), port));
			java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[64], 64);
			socket.receive(reply);
			return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void nettyThreadsBelowOneFailNamingTheProperty() {
		this.runner.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.withPropertyValues("listener.netty.threads=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("listener.netty.threads")));
	}

	@Test
	void theEndpointAndTheStartupLineSayWhichEngineAndTransport(CapturedOutput output) {
		this.runner.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
			.withPropertyValues("listener.netty.transport=nio")
			.run((context) -> {
				ListenersEndpoint endpoint = new ListenersEndpoint(List.of(context.getBean(Listener.class)),
						context.getBean(ListenerServers.class));
				assertThat(endpoint.listener("default").engine()).isEqualTo("netty (nio)");
				assertThat(output).contains("Listener 'default' serving on netty (nio, 1 event-loop thread) (");
			});
	}

	@Test
	void eachEngineLogsItsServingLineUnderItsOwnLoggerWithItsThreadsCounted() {
		Logger engines = (Logger) LoggerFactory.getLogger("dev.listener.engine");
		Level level = engines.getLevel();
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.start();
		engines.addAppender(lines);
		engines.setLevel(Level.INFO);
		try {
			this.runner.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO)
				.withPropertyValues("listener.netty.transport=nio", "listener.netty.threads=2")
				.run((context) -> assertThat(context).hasNotFailed());
			this.runner.withBean(ConnectionHandler.class, () -> EchoClient.ECHO)
				.withPropertyValues("listener.engine=blocking")
				.run((context) -> assertThat(context).hasNotFailed());
		}
		finally {
			engines.detachAppender(lines);
			engines.setLevel(level);
		}
		List<ILoggingEvent> serving = lines.list.stream()
			.filter((line) -> line.getFormattedMessage().startsWith("Listener 'default' serving"))
			.toList();
		assertThat(serving).hasSize(2);
		assertThat(serving.get(0).getLoggerName()).isEqualTo("dev.listener.engine.netty.NettyListenerEngine");
		assertThat(serving.get(0).getFormattedMessage())
			.startsWith("Listener 'default' serving on netty (nio, 2 event-loop threads) (");
		assertThat(serving.get(1).getLoggerName()).isEqualTo("dev.listener.engine.blocking.ListenerServer");
		assertThat(serving.get(1).getFormattedMessage()).startsWith("Listener 'default' serving (");
	}

	@Test
	void aListenerNoHandlerServesSaysUnderTheStartersLoggerWhichBeanToDeclareForItsEngine() {
		Logger starter = (Logger) LoggerFactory.getLogger("dev.listener");
		Level level = starter.getLevel();
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.start();
		starter.addAppender(lines);
		starter.setLevel(Level.INFO);
		try {
			this.runner.run((context) -> assertThat(context).hasNotFailed());
			this.runner.withPropertyValues("listener.engine=netty").run((context) -> assertThat(context).hasNotFailed());
			this.runner.withPropertyValues("listener.engine=blocking", "listener.socket-type=dgram", "listener.protocol=udp")
				.run((context) -> assertThat(context).hasNotFailed());
		}
		finally {
			starter.detachAppender(lines);
			starter.setLevel(level);
		}
		List<ILoggingEvent> holding = lines.list.stream()
			.filter((line) -> line.getFormattedMessage().contains("holds its sockets"))
			.toList();
		assertThat(holding).extracting(ILoggingEvent::getLoggerName)
			.containsOnly("dev.listener.context.ListenerServerBootstrap");
		assertThat(holding).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("Listener 'default' holds its sockets and serves nothing: no handler bean serves a stream "
					+ "listener; declare a ConnectionHandler, a NettyConnectionInitializer or a MessageHandler bean to "
					+ "serve it, or accept its connections from its Listener bean",
					"Listener 'default' holds its sockets and serves nothing: no handler bean serves a stream "
							+ "listener on the Netty engine (listener.engine=netty); declare a NettyConnectionInitializer "
							+ "or a MessageHandler bean to serve it, or accept its connections from its Listener bean",
					"Listener 'default' holds its sockets and serves nothing: no handler bean serves a datagram "
							+ "listener on the blocking engine (listener.engine=blocking); declare a DatagramHandler or a "
							+ "MessageHandler bean to serve it, or receive its datagrams from its Listener bean");
	}

	@Test
	void onPlatformThreadsAConnectionIsAcceptedOnlyWhenAThreadIsFree(CapturedOutput output) {
		this.runner.withBean(ConnectionHandler.class, () -> EchoClient.ECHO)
			.withPropertyValues("listener.threads.max=2", "listener.connection.max=100")
			.run((context) -> {
				assertThat(output).contains("serving (2 connections at most");
				List<EchoClient> clients = new ArrayList<>();
				try {
					for (int i = 0; i < 2; i++) {
						EchoClient client = new EchoClient(HOST, port(context));
						clients.add(client);
						assertThat(client.roundTrip("in " + i)).isEqualTo("in " + i);
					}
					try (EchoClient third = new EchoClient(HOST, port(context))) {
						third.send("third");
						third.socket().setSoTimeout(500);
						assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(third::read);
						assertThat(counters(context).accepted()).isEqualTo(2);
						clients.remove(0).close();
						third.socket().setSoTimeout(EchoClient.TIMEOUT_MILLIS);
						assertThat(third.receive(5)).isEqualTo("third");
					}
				}
				finally {
					for (EchoClient client : clients) {
						client.close();
					}
				}
			});
	}

	static boolean ioUringAvailable() {
		try {
			return IoUring.isAvailable();
		}
		catch (LinkageError ex) {
			return false;
		}
	}

	private static String engine(AssertableApplicationContext context) {
		return context.getBean(ListenerServers.class).engine(context.getBean(Listener.class));
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(Listener.class).port();
	}

	private static SocketCounters counters(AssertableApplicationContext context) {
		return SocketCounters.of(context.getBean(Listener.class).sockets().get(0));
	}

}
