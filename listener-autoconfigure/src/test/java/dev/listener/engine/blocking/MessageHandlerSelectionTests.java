package dev.listener.engine.blocking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.engine.netty.NettyEngines;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.MessageHandler;
import dev.listener.socket.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Which engine serves a {@link MessageHandler} bean: Netty with {@code engine: auto} when Netty is
 * on the class path and can serve the listener, the blocking engine otherwise; a handler of an
 * engine's own type wins over it.
 */
@ExtendWith(OutputCaptureExtension.class)
class MessageHandlerSelectionTests {

	private static final String HOST = MessageHandlerTests.HOST;

	@TempDir
	Path dir;

	private final ApplicationContextRunner withoutHost = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
				ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
		.withPropertyValues("listener.port=0", "listener.netty.threads=1", "listener.netty.transport=nio")
		.withBean(MessageHandler.class, () -> MessageHandlerTests.ECHO);

	private final ApplicationContextRunner runner = this.withoutHost.withPropertyValues("listener.host=" + HOST);

	@Test
	void autoServesAMessageHandlerOnNettyWhenNettyIsOnTheClassPath() {
		this.runner.run((context) -> {
			assertThat(engine(context)).isEqualTo("netty (nio)");
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.roundTrip("on netty")).isEqualTo("on netty");
			}
		});
	}

	@Test
	void autoServesAMessageHandlerOnTheBlockingEngineWithoutNetty() {
		this.runner.withClassLoader(new FilteredClassLoader("io.netty")).run((context) -> {
			assertThat(context).doesNotHaveBean(NettyEngines.class);
			assertThat(engine(context)).isEqualTo("blocking");
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.roundTrip("no netty")).isEqualTo("no netty");
			}
		});
	}

	@Test
	void engineBlockingServesAMessageHandlerOnTheBlockingEngine() {
		this.runner.withPropertyValues("listener.engine=blocking").run((context) -> {
			assertThat(engine(context)).isEqualTo("blocking");
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.roundTrip("blocking")).isEqualTo("blocking");
			}
		});
	}

	@Test
	void autoServesAMessageHandlerOnAUnixListenerOnNetty() {
		Path path = this.dir.resolve("message.sock");
		this.withoutHost.withPropertyValues("listener.family=unix", "listener.path=" + path).run((context) -> {
			assertThat(engine(context)).isEqualTo("netty (nio)");
			String echoed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> unixRoundTrip(context, "unix"));
			assertThat(echoed).isEqualTo("unix");
		});
	}

	@Test
	void aConnectionHandlerBeanWinsOverAMessageHandlerBean() {
		ConnectionHandler greeting = (connection) -> connection
			.write(ByteBuffer.wrap("from the connection handler".getBytes(StandardCharsets.UTF_8)));
		this.runner.withBean(ConnectionHandler.class, () -> greeting).run((context) -> {
			assertThat(engine(context)).isEqualTo("blocking");
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.receive("from the connection handler".length())).isEqualTo("from the connection handler");
			}
		});
	}

	@Test
	void theHandlerPropertyPicksAMessageHandlerByName() {
		MessageHandler other = (message, context) -> context.reply("other");
		this.runner.withBean("other", MessageHandler.class, () -> other)
			.withPropertyValues("listener.handler=other")
			.run((context) -> {
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					client.send("x");
					assertThat(client.receive(5)).isEqualTo("other");
				}
			});
	}

	@Test
	void twoMessageHandlersWithoutTheHandlerPropertyStopStartupNamingIt() {
		this.runner.withBean("other", MessageHandler.class, () -> MessageHandlerTests.ECHO)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.handler");
					assertThat(ex.getReason()).contains("MessageHandler beans").contains("other");
				}));
	}

	@Test
	void aBlockingMessageHandlerOnNettyNeedsAThreadForItsPool() {
		this.runner.withPropertyValues("listener.message.blocking=true", "listener.threads.max=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("listener.threads.max")));
	}

	@Test
	void messageBlockingOnAListenerNotServedByAMessageHandlerIsNamedAsHavingNoEffect(CapturedOutput output) {
		ConnectionHandler handler = EchoClient.ECHO;
		this.runner.withBean(ConnectionHandler.class, () -> handler)
			.withPropertyValues("listener.message.blocking=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output.getOut()).contains("listener.message.blocking has no effect: it applies only to a "
						+ "listener served by a MessageHandler bean, and listener 'default' is not");
			});
	}

	@Test
	void messageBlockingOnAMessageHandlerIsNotWarnedAbout(CapturedOutput output) {
		this.runner.withPropertyValues("listener.message.blocking=true")
			.run((context) -> assertThat(output.getOut()).doesNotContain("has no effect"));
	}

	private static String unixRoundTrip(AssertableApplicationContext context, String text) throws IOException {
		try (SocketChannel client = SocketChannel.open(context.getBean(Listener.class).boundAddresses().get(0))) {
			client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
			ByteBuffer echo = ByteBuffer.allocate(text.length());
			while (echo.hasRemaining() && client.read(echo) >= 0) {
				// the whole echo
			}
			return new String(echo.array(), 0, echo.position(), StandardCharsets.UTF_8);
		}
	}

	private static String engine(AssertableApplicationContext context) {
		return context.getBean(ListenerServers.class).engine(context.getBean(Listener.class));
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(Listener.class).port();
	}

}
