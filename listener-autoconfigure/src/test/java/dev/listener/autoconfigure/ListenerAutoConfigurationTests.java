package dev.listener.autoconfigure;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.listener.context.ListenerBootstrap;
import dev.listener.context.ListenerPortInfoApplicationContextInitializer;
import dev.listener.socket.AddressInfo;
import dev.listener.socket.AddressResolver;
import dev.listener.socket.Addresses;
import dev.listener.socket.Family;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.ListenSocketCustomizer;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.ProcNet;
import dev.listener.socket.Protocol;
import dev.listener.socket.SocketError;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SocketType;
import dev.listener.socket.Step;
import dev.listener.socket.SystemAddressResolver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ListenerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class))
		.withInitializer(new ListenerPortInfoApplicationContextInitializer())
		.withPropertyValues("listener.port=0");

	@Test
	void defaultsAreTheRecipe() {
		ListenerProperties properties = new ListenerProperties();
		ListenerSpec spec = properties.toSpec("default");
		assertThat(spec.hints()).isEqualTo(Hints.recipe());
		assertThat(spec.host()).isNull();
		assertThat(spec.service()).isEqualTo("27015");
		assertThat(spec.options()).isEqualTo(SocketOptions.defaults());
		assertThat(properties.isEnabled()).isTrue();
	}

	@Test
	void bindsTheRecipesSocketAsBeans() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Listener.class);
			Listener listener = context.getBean(Listener.class);
			assertThat(listener.name()).isEqualTo("default");
			assertThat(listener.spec().hints()).isEqualTo(Hints.recipe());
			assertThat(listener.boundAddresses()).extracting(Addresses::format)
				.containsExactly("0.0.0.0:" + listener.port());
			assertThat(listener.resolved()).extracting(AddressInfo::family).containsExactly(Family.INET);
			assertThat(listener.options().backlog()).isPositive();
			assertThat(context.getBeansOfType(ListenSocket.class)).containsOnlyKeys("defaultListenSocket0")
				.containsValue(listener.sockets().get(0));
			assertThat(ProcNet.tcpListeners(listener.port())).containsExactly(Family.INET);
		});
	}

	@Test
	void everyPropertyReachesTheSpec() {
		this.runner
			.withPropertyValues("listener.family=inet6", "listener.socket-type=dgram", "listener.protocol=udp",
					"listener.passive=false", "listener.host=::1", "listener.port=0",
					"listener.reuse-address=false", "listener.reuse-port=true", "listener.ipv6-only=true",
					"listener.receive-buffer-size=64KB", "listener.send-buffer-size=32KB")
			.run((context) -> {
				ListenerSpec spec = context.getBean(Listener.class).spec();
				assertThat(spec.hints()).isEqualTo(new Hints(Family.INET6, SocketType.DGRAM, Protocol.UDP, false));
				assertThat(spec.host()).isEqualTo("::1");
				assertThat(spec.service()).isEqualTo("0");
				// the backlog is a stream option: refused on a dgram listener
				assertThat(spec.options()).isEqualTo(new SocketOptions(null, false, true, true, 65536, 32768));
				ListenSocket socket = context.getBean(Listener.class).sockets().get(0);
				assertThat(socket.datagramChannel().getOption(StandardSocketOptions.SO_REUSEPORT)).isTrue();
				assertThat(socket.datagramChannel().getOption(StandardSocketOptions.SO_SNDBUF))
					.isGreaterThanOrEqualTo(32768);
				assertThat(ProcNet.udpSockets(socket.port())).containsExactly(Family.INET6);
			});
	}

	@Test
	void winsockSpellingsBind() {
		this.runner
			.withPropertyValues("listener.family=AF_INET6", "listener.socket-type=SOCK_DGRAM",
					"listener.protocol=IPPROTO_UDP")
			.run((context) -> assertThat(context.getBean(Listener.class).spec().hints())
				.isEqualTo(new Hints(Family.INET6, SocketType.DGRAM, Protocol.UDP, true)));
	}

	@Test
	void unknownValueFailsNamingTheValidOnes() {
		this.runner.withPropertyValues("listener.family=inet7").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("'inet7' is not a valid address family")
				.hasMessageContaining("inet6 (AF_INET6, PF_INET6)");
			assertThat(causeOf(context.getStartupFailure(), BindException.class).getProperty().getName())
				.hasToString("listener.family");
		});
	}

	@Test
	void inet6MakesAnAfInet6Socket() {
		this.runner.withPropertyValues("listener.family=inet6").run((context) -> {
			Listener listener = context.getBean(Listener.class);
			assertThat(ProcNet.tcpListeners(listener.port())).containsExactly(Family.INET6);
			assertThat(listener.boundAddresses()).extracting(Addresses::format).containsExactly("[::]:" + listener.port());
		});
	}

	@Test
	void unspecGivesTwoSocketsOnOnePortWithPortZero() {
		this.runner.withPropertyValues("listener.family=unspec").run((context) -> {
			Listener listener = context.getBean(Listener.class);
			int port = listener.port();
			assertThat(listener.boundAddresses()).extracting(Addresses::format)
				.containsExactly("0.0.0.0:" + port, "[::]:" + port);
			assertThat(context.getBeansOfType(ListenSocket.class)).containsOnlyKeys("defaultListenSocket0",
					"defaultListenSocket1");
			assertThat(ProcNet.tcpListeners(port)).containsExactlyInAnyOrder(Family.INET, Family.INET6);
		});
	}

	@Test
	void notPassiveBindsTheLoopback() {
		this.runner.withPropertyValues("listener.passive=false").run((context) -> {
			Listener listener = context.getBean(Listener.class);
			assertThat(listener.boundAddresses()).extracting(Addresses::format)
				.containsExactly("127.0.0.1:" + listener.port());
		});
	}

	@Test
	void serviceNameResolvesThroughTheServicesDatabase() {
		assumeTrue(Files.isReadable(Path.of("/etc/services")), "this machine has no /etc/services");
		this.runner.run((context) -> {
			AddressResolver resolver = context.getBean(AddressResolver.class);
			ListenerSpec http = new ListenerSpec("default", Hints.recipe(), null, "http", SocketOptions.defaults());
			assertThat(resolver.resolve(http)).extracting(AddressInfo::toString).containsExactly("0.0.0.0:80");
		});
	}

	@Test
	void publishesTheActualPort() {
		this.runner.run((context) -> {
			int port = context.getBean(Listener.class).port();
			assertThat(port).isPositive();
			assertThat(context.getEnvironment().getProperty("local.listener.port", Integer.class)).isEqualTo(port);
		});
	}

	@Test
	void closingTheContextClosesEverySocket() {
		Listener[] holder = new Listener[1];
		this.runner.withPropertyValues("listener.family=unspec").run((context) -> {
			holder[0] = context.getBean(Listener.class);
			assertThat(holder[0].isOpen()).isTrue();
		});
		assertThat(holder[0].sockets()).hasSize(2).noneMatch(ListenSocket::isOpen);
		assertThat(ProcNet.tcpListeners(holder[0].port())).isEmpty();
	}

	@Test
	void badSocketFailsStartup() throws Exception {
		try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
			this.runner.withPropertyValues("listener.port=" + holder.getLocalPort(), "listener.reuse-address=false")
				.run((context) -> {
					assertThat(context).hasFailed();
					ListenSocketException failure = causeOf(context.getStartupFailure(),
							ListenSocketException.class);
					assertThat(failure.step()).isEqualTo(Step.BIND);
					assertThat(failure.error()).isEqualTo(SocketError.ADDRESS_IN_USE);
				});
		}
	}

	@Test
	void disabledOpensNothing() {
		this.runner.withPropertyValues("listener.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(Listener.class);
			assertThat(context).doesNotHaveBean(SocketOpener.class);
			assertThat(context).doesNotHaveBean(ListenerBootstrap.class);
		});
	}

	@Test
	void customizersAreAppliedInOrder() {
		this.runner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			ListenSocket socket = context.getBean(Listener.class).sockets().get(0);
			assertThat(socket.serverSocketChannel().getOption(StandardSocketOptions.SO_RCVBUF))
				.isGreaterThanOrEqualTo(131072);
		});
	}

	@Test
	void userBeansReplaceEveryBean() {
		this.runner.withUserConfiguration(UserBeansConfiguration.class).run((context) -> {
			assertThat(context).getBean(AddressResolver.class).isSameAs(UserBeansConfiguration.RESOLVER);
			assertThat(context).getBean(SocketOpener.class).isSameAs(context.getBean("userOpener"));
			assertThat(context).hasSingleBean(Listener.class);
			assertThat(context).getBean(Listener.class).isSameAs(context.getBean("userListener"));
			assertThat(context).getBean(ListenerBootstrap.class).isSameAs(context.getBean("userBootstrap"));
			assertThat(context.getBean(Listener.class).boundAddresses()).extracting(Addresses::format)
				.allMatch((address) -> address.startsWith("127.0.0.1:"));
		});
	}

	@Test
	void addressResolverIsReplaceableAlone() {
		this.runner.withBean(AddressResolver.class, () -> (spec) -> new SystemAddressResolver()
			.resolve(new ListenerSpec(spec.name(), spec.hints(), "127.0.0.1", spec.service(), spec.options())))
			.run((context) -> assertThat(context.getBean(Listener.class).boundAddresses()).extracting(Addresses::format)
				.allMatch((address) -> address.startsWith("127.0.0.1:")));
	}

	@Test
	void theApplicationsAddressResolverDecidesHowManyListenSocketBeansThereAre() {
		this.runner.withPropertyValues("listener.family=unspec")
			.withBean(AddressResolver.class, () -> (spec) -> new SystemAddressResolver()
				.resolve(new ListenerSpec(spec.name(), spec.hints(), "127.0.0.1", spec.service(), spec.options())))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Listener.class).boundAddresses()).extracting(Addresses::format)
					.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
					.startsWith("127.0.0.1:");
				assertThat(context.getBeansOfType(ListenSocket.class)).containsOnlyKeys("defaultListenSocket0");
			});
	}

	static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		throw new AssertionError("no " + type.getName() + " in " + failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		@Order(2)
		ListenSocketCustomizer second() {
			return (channel, info) -> channel.setOption(StandardSocketOptions.SO_RCVBUF, 131072);
		}

		@Bean
		@Order(1)
		ListenSocketCustomizer first() {
			return (channel, info) -> channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		static final AddressResolver RESOLVER = new SystemAddressResolver();

		@Bean
		AddressResolver userResolver() {
			return RESOLVER;
		}

		@Bean
		SocketOpener userOpener(AddressResolver resolver) {
			return new SocketOpener(resolver, List.of());
		}

		@Bean
		Listener userListener(SocketOpener opener) throws ListenSocketException {
			return opener.open(new ListenerSpec("mine", Hints.recipe(), "127.0.0.1", "0", SocketOptions.defaults()));
		}

		@Bean
		ListenerBootstrap userBootstrap() {
			return new ListenerBootstrap((event) -> {
			}, List.of());
		}

	}


}
