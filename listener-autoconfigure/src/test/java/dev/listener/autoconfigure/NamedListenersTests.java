package dev.listener.autoconfigure;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.listener.context.ListenerPortInfoApplicationContextInitializer;
import dev.listener.socket.Family;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerCollisionException;
import dev.listener.socket.ProcNet;
import dev.listener.socket.Protocol;
import dev.listener.socket.SocketError;
import dev.listener.socket.SocketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static dev.listener.autoconfigure.ListenerAutoConfigurationTests.causeOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code listener.sockets.<name>}: several listeners, each inheriting the values written directly
 * under {@code listener.*}, opened all or nothing, each a bean of its own.
 */
class NamedListenersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class))
		.withInitializer(new ListenerPortInfoApplicationContextInitializer())
		.withPropertyValues("listener.port=0", "listener.host=127.0.0.1");

	@Test
	void namedListenersReplaceTheDefaultOneAndInheritTheRootValues() {
		this.runner
			.withPropertyValues("listener.backlog=12", "listener.sockets.game-tcp.backlog=34",
					"listener.sockets.game-udp.socket-type=dgram", "listener.sockets.game-udp.protocol=udp",
					"listener.sockets.admin.passive=false")
			.run((context) -> {
				assertThat(context.getBeansOfType(Listener.class)).containsOnlyKeys("game-tcpListener",
						"game-udpListener", "adminListener");
				Listener tcp = context.getBean("game-tcpListener", Listener.class);
				Listener udp = context.getBean("game-udpListener", Listener.class);
				Listener admin = context.getBean("adminListener", Listener.class);
				assertThat(tcp.options().backlog()).isEqualTo(34);
				assertThat(admin.options().backlog()).isEqualTo(12);
				assertThat(udp.spec().hints().socketType()).isEqualTo(SocketType.DGRAM);
				assertThat(udp.spec().hints().protocol()).isEqualTo(Protocol.UDP);
				assertThat(tcp.spec().host()).isEqualTo("127.0.0.1");
				assertThat(admin.spec().hints().passive()).isFalse();
				assertThat(tcp.spec().hints().passive()).isTrue();
			});
	}

	@Test
	void anEmptyNamedListenerIsOpenedWithTheInheritedValues() throws Exception {
		String yaml = """
				listener:
				  port: 0
				  host: 127.0.0.1
				  backlog: 21
				  sockets:
				    game-tcp:
				    game-udp:
				      socket-type: dgram
				      protocol: udp
				""";
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("listeners.yml",
				new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class))
			.withInitializer((context) -> sources
				.forEach((source) -> context.getEnvironment().getPropertySources().addFirst(source)))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(Listener.class)).containsOnlyKeys("game-tcpListener",
						"game-udpListener");
				Listener tcp = context.getBean("game-tcpListener", Listener.class);
				assertThat(tcp.spec().hints().socketType()).isEqualTo(SocketType.STREAM);
				assertThat(tcp.options().backlog()).isEqualTo(21);
			});
	}

	@Test
	void aValueWhereANamedListenersPropertiesBelongIsRefusedSayingHowToWriteThem() {
		this.runner.withPropertyValues("listener.sockets.game-tcp=tcp").run((context) -> {
			BindException failure = causeOf(context.getStartupFailure(), BindException.class);
			assertThat(failure.getProperty().getName().toString()).isEqualTo("listener.sockets.game-tcp");
			assertThat(failure.getProperty().getValue()).isEqualTo("tcp");
			assertThat(failure).rootCause().hasMessageContaining("listener.sockets.<name>.port=27016");
		});
	}

	@Test
	void aTcpAndAUdpListenerShareOnePort() throws Exception {
		int port = freePort();
		this.runner
			.withPropertyValues("listener.port=" + port, "listener.sockets.game-tcp.socket-type=stream",
					"listener.sockets.game-udp.socket-type=dgram", "listener.sockets.game-udp.protocol=udp")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(ProcNet.tcpListeners(port)).containsExactly(Family.INET);
				assertThat(ProcNet.udpSockets(port)).containsExactly(Family.INET);
			});
	}

	@Test
	void listenersAndTheirSocketsAreInjectableByQualifierIntoBeansCreatedFirst() {
		this.runner
			.withPropertyValues("listener.sockets.game-tcp.port=0", "listener.sockets.game-udp.socket-type=dgram",
					"listener.sockets.game-udp.protocol=udp")
			.withUserConfiguration(InjectingConfiguration.class)
			.run((context) -> {
				Injected injected = context.getBean(Injected.class);
				assertThat(injected.tcp()).isSameAs(context.getBean("game-tcpListener"));
				assertThat(injected.udpSocket()).isSameAs(context.getBean("game-udpListenSocket0"))
					.isSameAs(context.getBean("game-udpListener", Listener.class).sockets().get(0));
				assertThat(injected.udpSocket().isOpen()).isTrue();
			});
	}

	@Test
	void everyListenerPublishesItsPort() {
		this.runner.withPropertyValues("listener.sockets.game-tcp.port=0", "listener.sockets.admin.port=0")
			.run((context) -> {
				assertThat(context.getEnvironment().getProperty("local.listener.game-tcp.port", Integer.class))
					.isEqualTo(context.getBean("game-tcpListener", Listener.class).port());
				assertThat(context.getEnvironment().getProperty("local.listener.admin.port", Integer.class))
					.isEqualTo(context.getBean("adminListener", Listener.class).port());
				assertThat(context.getEnvironment().containsProperty("local.listener.port")).isFalse();
			});
	}

	@Test
	void whenOneListenerFailsEverySocketAlreadyOpenIsClosed() throws Exception {
		int first = freePort();
		try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			this.runner
				.withPropertyValues("listener.reuse-address=false", "listener.family=unspec",
						"listener.host=localhost", "listener.sockets.first.port=" + first,
						"listener.sockets.second.port=" + holder.getLocalPort())
				.run((context) -> {
					assertThat(context).hasFailed();
					ListenSocketException failure = causeOf(context.getStartupFailure(), ListenSocketException.class);
					assertThat(failure.listenerName()).isEqualTo("second");
					assertThat(failure.error()).isEqualTo(SocketError.ADDRESS_IN_USE);
					assertThat(ProcNet.tcpListeners(first)).isEmpty();
				});
		}
	}

	@Test
	void twoUdpListenersOnOneAddressAreRefusedNamingBoth() throws Exception {
		int port = freePort();
		this.runner
			.withPropertyValues("listener.port=" + port, "listener.socket-type=dgram", "listener.protocol=udp",
					"listener.sockets.syslog.reuse-address=true", "listener.sockets.metrics.reuse-address=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				ListenerCollisionException failure = causeOf(context.getStartupFailure(),
						ListenerCollisionException.class);
				assertThat(failure.listenerName()).isEqualTo("metrics");
				assertThat(failure.other().name()).isEqualTo("syslog");
				assertThat(ProcNet.udpSockets(port)).isEmpty();
			});
	}

	@Test
	void twoTcpListenersOnOnePortAreRefusedNamingBoth() throws Exception {
		int port = freePort();
		this.runner
			.withPropertyValues("listener.port=" + port, "listener.sockets.a.host=127.0.0.1",
					"listener.sockets.b.host=0.0.0.0")
			.run((context) -> {
				ListenerCollisionException failure = causeOf(context.getStartupFailure(),
						ListenerCollisionException.class);
				assertThat(failure.listenerName()).isEqualTo("b");
				assertThat(failure.other().name()).isEqualTo("a");
				assertThat(ProcNet.tcpListeners(port)).isEmpty();
			});
	}

	@Test
	void bothListenersSettingReusePortMayShareAPort() throws Exception {
		int port = freePort();
		this.runner
			.withPropertyValues("listener.port=" + port, "listener.reuse-port=true", "listener.sockets.a.port=" + port,
					"listener.sockets.b.port=" + port)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aNameThatCannotBeABeanNameOrATagIsRefused() {
		this.runner.withPropertyValues("listener.sockets[game_1].port=0").run((context) -> {
			InvalidConfigurationPropertyValueException failure = causeOf(context.getStartupFailure(),
					InvalidConfigurationPropertyValueException.class);
			assertThat(failure.getName()).isEqualTo("listener.sockets");
			assertThat(failure.getValue()).isEqualTo("game_1");
			assertThat(failure.getReason()).contains("lowercase letters, digits and dashes");
		});
	}

	@Test
	void defaultIsNotANameForANamedListener() {
		this.runner.withPropertyValues("listener.sockets.default.port=0").run((context) -> {
			InvalidConfigurationPropertyValueException failure = causeOf(context.getStartupFailure(),
					InvalidConfigurationPropertyValueException.class);
			assertThat(failure.getName()).isEqualTo("listener.sockets.default");
			assertThat(failure.getReason()).contains("directly under listener.*");
		});
	}

	@Test
	void aBadValueOfANamedListenerNamesItsOwnProperty() {
		this.runner.withPropertyValues("listener.sockets.game.family=inet7").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(causeOf(context.getStartupFailure(),
					org.springframework.boot.context.properties.bind.BindException.class)
				.getProperty()
				.getName()).hasToString("listener.sockets.game.family");
		});
	}

	@Test
	void anIdleTimeoutWithoutAUnitIsInSeconds() {
		this.runner.withPropertyValues("listener.connection.idle-timeout=30", "listener.sockets.game.port=0",
				"listener.sockets.quick.connection.idle-timeout=2")
			.run((context) -> {
				ConfiguredListeners configured = context.getBean(ConfiguredListeners.class);
				assertThat(configured.get("game").properties().getConnection().getIdleTimeout())
					.isEqualTo(Duration.ofSeconds(30));
				assertThat(configured.get("quick").properties().getConnection().getIdleTimeout())
					.isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void aUnixListenerIgnoresTheHostItWouldInheritButNotItsOwn(@TempDir Path directory) {
		String path = directory.resolve("admin.sock").toString();
		this.runner.withPropertyValues("listener.sockets.game.port=0", "listener.sockets.admin.family=unix",
				"listener.sockets.admin.path=" + path)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("adminListener", Listener.class).spec().host()).isNull();
				assertThat(context.getBean("gameListener", Listener.class).spec().host()).isEqualTo("127.0.0.1");
				assertThat(Path.of(path)).exists();
			});
		this.runner.withPropertyValues("listener.sockets.admin.family=unix", "listener.sockets.admin.path=" + path,
				"listener.sockets.admin.host=127.0.0.1")
			.run((context) -> assertThat(causeOf(context.getStartupFailure(), ListenSocketException.class).reason())
				.contains("host 127.0.0.1 is not allowed with family unix"));
	}

	@Test
	void onlyOneListenerMayInheritStandardInput() {
		this.runner.withPropertyValues("listener.inherited=true", "listener.sockets.a.port=0",
				"listener.sockets.b.port=0")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = causeOf(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(failure.getName()).isEqualTo("listener.sockets.b.inherited");
				assertThat(failure.getReason()).contains("Listener 'a' already serves the socket on standard input");
			});
	}

	static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
	}

	record Injected(Listener tcp, ListenSocket udpSocket) {

	}

	@Configuration(proxyBeanMethods = false)
	static class InjectingConfiguration {

		@Bean
		Injected injected(@Qualifier("game-tcp") Listener tcp, @Qualifier("game-udp") ListenSocket udpSocket) {
			return new Injected(tcp, udpSocket);
		}

	}

}
