package dev.listener.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import dev.listener.actuate.ListenersEndpoint;
import dev.listener.engine.blocking.ListenerServers;
import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.netty.NettyConnectionInitializer;
import dev.listener.handler.ConnectionHandler;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static dev.listener.autoconfigure.ListenerAutoConfigurationTests.causeOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code listener.ssl.provider}: which TLS the startup line and the {@code listeners} endpoint name
 * on each engine, and every value that cannot be served stopping startup with a report naming the
 * property; bundle {@code server} of a key {@code openssl} makes once.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsProviderTests {

	@TempDir
	static Path dir;

	private static ApplicationContextRunner runner;

	@BeforeAll
	static void makeBundle() throws Exception {
		SelfSignedKey.makeIn(dir);
		runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class))
			.withPropertyValues("listener.host=127.0.0.1", "listener.port=0", "listener.ssl.bundle=server",
					"spring.ssl.bundle.pem.server.keystore.certificate=file:" + dir.resolve("server.crt"),
					"spring.ssl.bundle.pem.server.keystore.private-key=file:" + dir.resolve("server.key"));
	}

	private static ApplicationContextRunner onNetty() {
		return NettyTestHandlers.onNetty(runner)
			.withBean(NettyConnectionInitializer.class, () -> NettyTestHandlers.ECHO);
	}

	@Test
	void autoOnNettyTakesOpenSslWhenTcnativeLoads(CapturedOutput output) {
		onNetty().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(servingLine(output)).contains(", TLS on OpenSSL BoringSSL (client-auth none))");
			assertThat(servingLine(output).split("TLS", -1)).as("TLS named once").hasSize(2);
			assertThat(endpointProvider(context)).isEqualTo("openssl");
		});
	}

	@Test
	void jdkOnNettyKeepsTheJdksEngine(CapturedOutput output) {
		onNetty().withPropertyValues("listener.ssl.provider=jdk").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(servingLine(output)).startsWith("Listener 'default' serving on netty (")
				.endsWith(", TLS on JDK (client-auth none))");
			assertThat(servingLine(output).split("TLS", -1)).as("TLS named once").hasSize(2);
			assertThat(endpointProvider(context)).isEqualTo("jdk");
		});
	}

	@Test
	void openSslWithoutTcnativeOnTheClassPathStopsStartupNamingTheProperty() {
		onNetty().withPropertyValues("listener.ssl.provider=openssl")
			.withClassLoader(new FilteredClassLoader("io.netty.internal.tcnative"))
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = causeOf(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(failure.getName()).isEqualTo("listener.ssl.provider");
				assertThat(failure.getValue()).isEqualTo("openssl");
				assertThat(failure.getReason()).contains("io.netty:netty-tcnative-boringssl-static")
					.contains("not on the class path")
					.contains("set listener.ssl.provider to jdk or auto");
			});
	}

	@Test
	void openSslOnTheBlockingEngineStopsStartupNamingThePropertyAndTheEngine() {
		runner.withPropertyValues("listener.sockets.game.port=0", "listener.sockets.game.ssl.provider=openssl")
			.withBean(ConnectionHandler.class, () -> (connection) -> {
			})
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = causeOf(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(failure.getName()).isEqualTo("listener.sockets.game.ssl.provider");
				assertThat(failure.getValue()).isEqualTo("openssl");
				assertThat(failure.getReason()).contains("blocking engine serving listener 'game'")
					.contains("set listener.sockets.game.ssl.provider to jdk or auto")
					.contains("listener.sockets.game.engine=netty");
			});
	}

	@Test
	void autoOnTheBlockingEngineIsTheJdks() {
		runner.withBean(ConnectionHandler.class, () -> (connection) -> {
		}).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(endpointProvider(context)).isEqualTo("jdk");
		});
	}

	/** @return the startup line of the engine serving the default listener, from its name on */
	private static String servingLine(CapturedOutput output) {
		return output.toString()
			.lines()
			.filter((line) -> line.contains("Listener 'default' serving"))
			.map((line) -> line.substring(line.indexOf("Listener 'default' serving")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no serving line in:\n" + output));
	}

	/** @return the provider the {@code listeners} endpoint shows for the default listener */
	private static @Nullable String endpointProvider(ApplicationContext context) {
		ListenersEndpoint endpoint = new ListenersEndpoint(List.of(context.getBean(Listener.class)),
				context.getBean(ListenerServers.class));
		return endpoint.listener("default").tls().provider();
	}

	@Test
	void anUnknownProviderIsReportedAtItsProperty() {
		onNetty().withPropertyValues("listener.ssl.provider=boringssl").run((context) -> {
			BindException failure = causeOf(context.getStartupFailure(), BindException.class);
			assertThat(failure.getProperty().getName()).hasToString("listener.ssl.provider");
		});
	}

}
