package dev.listener.engine.blocking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.engine.ListenerEngine;
import dev.listener.engine.ListenerEngineProvider;
import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.engine.ServingState;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.MessageHandler;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine is one more {@link ListenerEngineProvider} bean: a third one, serving a handler type
 * of its own, is chosen by its name in {@code listener.engine} and by {@code auto} for its handler
 * type, and named among the engines when {@code listener.engine} names none.
 */
@ExtendWith(OutputCaptureExtension.class)
class EngineProviderTests {

	private static final String HOST = "127.0.0.1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
				ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
		.withPropertyValues("listener.port=0", "listener.host=" + HOST, "listener.netty.threads=1")
		.withBean(ListenerEngineProvider.class, GreetingEngine::new);

	@Test
	void autoTakesAThirdEngineForAHandlerOfItsOwnType() {
		this.runner.withBean(Greeting.class, () -> () -> "hello from auto").run((context) -> {
			assertThat(engine(context)).isEqualTo("greeting");
			assertThat(read(context)).isEqualTo("hello from auto");
		});
	}

	@Test
	void theEnginePropertyNamingAThirdEngineTakesItOverAHandlerOfAnotherEngine() {
		this.runner.withBean(Greeting.class, () -> () -> "hello by name")
			.withBean(ConnectionHandler.class, () -> EchoClient.ECHO)
			.withBean(MessageHandler.class, () -> MessageHandlerTests.ECHO)
			.withPropertyValues("listener.engine=greeting")
			.run((context) -> {
				assertThat(engine(context)).isEqualTo("greeting");
				assertThat(read(context)).isEqualTo("hello by name");
			});
	}

	@Test
	void theHandlerPropertyNamingABeanOfAThirdEngineTakesIt() {
		this.runner.withBean("greeting", Greeting.class, () -> () -> "hello by handler")
			.withBean("echo", ConnectionHandler.class, () -> EchoClient.ECHO)
			.withPropertyValues("listener.handler=greeting")
			.run((context) -> {
				assertThat(engine(context)).isEqualTo("greeting");
				assertThat(read(context)).isEqualTo("hello by handler");
			});
	}

	@Test
	void autoLeavesTheBlockingEngineItsOwnHandlersWhenAThirdEngineIsThere() {
		this.runner.withBean(Greeting.class, () -> () -> "not this")
			.withBean(ConnectionHandler.class, () -> EchoClient.ECHO)
			.run((context) -> assertThat(engine(context)).isEqualTo("blocking"));
	}

	@Test
	void anEngineNamedThatIsNotThereIsReportedWithTheEnginesThereAre() {
		this.runner.withBean(Greeting.class, () -> () -> "unused")
			.withPropertyValues("listener.engine=quic")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.engine");
					assertThat(ex.getValue()).isEqualTo("quic");
					assertThat(ex.getReason()).contains("no engine named 'quic'")
						.contains("one of auto, blocking, netty, greeting");
				}));
	}

	@Test
	void anEngineNamedForAListenerItDoesNotServeIsReportedWithTheEnginesThatDo() {
		this.runner.withBean(Greeting.class, () -> () -> "unused")
			.withPropertyValues("listener.engine=greeting", "listener.socket-type=dgram", "listener.protocol=udp")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("listener.engine");
					assertThat(ex.getValue()).isEqualTo("greeting");
					assertThat(ex.getReason()).startsWith("The greeting engine serves stream listeners, and listener "
							+ "'default' is udp 127.0.0.1:")
						.endsWith(": choose blocking or netty or auto.");
				}));
	}

	@Test
	void aThirdEngineThatDoesNotCountItsConnectionsStopsGracefullySayingThatItWaits(CapturedOutput output) {
		DrainingGreeting greeting = new DrainingGreeting();
		this.runner.withBean(Greeting.class, () -> greeting).run((context) -> {
			assertThat(engine(context)).isEqualTo("greeting");
			CountDownLatch stopped = new CountDownLatch(1);
			// an engine written without openConnections(): its default, and the line without a count
			context.getBean(ListenerServers.class).stop(stopped::countDown);
			assertThat(output).contains("Listeners refuse new connections; waiting for open ones to finish");
			assertThat(stopped.getCount()).isEqualTo(1);
			greeting.drained.complete(null);
			assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		});
	}

	private static String engine(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(ListenerServers.class).engine(context.getBean(Listener.class));
	}

	private static String read(AssertableApplicationContext context) throws IOException {
		try (EchoClient client = new EchoClient(HOST, context.getBean(Listener.class).port())) {
			return client.receive(context.getBean(Greeting.class).text().length());
		}
	}

	/** The test engine's own handler type: what to send each connection before closing it. */
	@FunctionalInterface
	interface Greeting {

		String text();

	}

	/** A greeting whose engine drains once the test says so. */
	static final class DrainingGreeting implements Greeting {

		final CompletableFuture<Void> drained = new CompletableFuture<>();

		@Override
		public String text() {
			return "hello";
		}

	}

	/** A third engine: serves {@link Greeting} beans on tcp listeners, a thread accepting. */
	static final class GreetingEngine implements ListenerEngineProvider {

		@Override
		public String name() {
			return "greeting";
		}

		@Override
		public String displayName() {
			return "greeting";
		}

		@Override
		public boolean supports(Listener listener) {
			return listener.isStream();
		}

		@Override
		public String supported() {
			return "stream listeners";
		}

		@Override
		public List<Class<?>> handlerTypes() {
			return List.of(Greeting.class);
		}

		@Override
		public @Nullable Class<?> handlerType(Listener listener) {
			return Greeting.class;
		}

		@Override
		public ServedListener serve(Request request) {
			Greeting greeting = (Greeting) request.handler();
			return new ServedListener(request.listener(), null, null, request.settings(), () -> Runnable::run,
					(served) -> new Greeter(served.listener(), served.settings(), greeting));
		}

	}

	/** Accepts on the listener's one socket and greets each connection. */
	private static final class Greeter implements ListenerEngine {

		private final Listener listener;

		private final ServerSettings settings;

		private final Greeting greeting;

		private volatile ServingState state = ServingState.STOPPED;

		private Greeter(Listener listener, ServerSettings settings, Greeting greeting) {
			this.listener = listener;
			this.settings = settings;
			this.greeting = greeting;
		}

		@Override
		public Listener listener() {
			return this.listener;
		}

		@Override
		public ServerSettings settings() {
			return this.settings;
		}

		@Override
		public boolean isServing() {
			return true;
		}

		@Override
		public ServingState state() {
			return this.state;
		}

		@Override
		public String engineName() {
			return "greeting";
		}

		@Override
		public String describe() {
			return "greeting";
		}

		@Override
		public void start() {
			this.state = ServingState.RUNNING;
			Thread accepting = new Thread(() -> {
				while (this.state == ServingState.RUNNING) {
					try (SocketChannel connection = this.listener.sockets().get(0).accept()) {
						if (connection != null) {
							connection.write(ByteBuffer.wrap(this.greeting.text().getBytes(StandardCharsets.UTF_8)));
						}
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "greeting-" + this.listener.name());
			accepting.setDaemon(true);
			accepting.start();
		}

		@Override
		public CompletableFuture<Void> stopAccepting() {
			this.state = ServingState.STOPPED;
			return (this.greeting instanceof DrainingGreeting draining) ? draining.drained
					: CompletableFuture.completedFuture(null);
		}

		@Override
		public void close() {
			this.state = ServingState.STOPPED;
		}

	}

}
