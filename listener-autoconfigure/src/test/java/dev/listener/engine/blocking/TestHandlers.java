package dev.listener.engine.blocking;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The handler beans the serving tests need, for one engine: the same behaviours written as
 * blocking handlers or as Netty handlers, so that one test serves both engines.
 */
public interface TestHandlers {

	/** @return the auto-configurations that serve a listener, on port 0, with no host set */
	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
			.withPropertyValues("listener.port=0");
	}

	/** @return the simple name of the stream handler type, as startup reports name it */
	String connectionType();

	/** Echoes every byte back, until the client closes. */
	ApplicationContextRunner echo(ApplicationContextRunner runner, String beanName);

	/** Sends each datagram back to its sender. */
	ApplicationContextRunner datagramEcho(ApplicationContextRunner runner);

	/** Fails the connection when its first byte is {@code x}, else drops that byte and echoes. */
	ApplicationContextRunner failingOnX(ApplicationContextRunner runner);

	/** Records TCP_NODELAY and SO_KEEPALIVE of each connection, then closes it. */
	ApplicationContextRunner recordingOptions(ApplicationContextRunner runner, List<Boolean> options);

	/** Records "listenerName localPort remotePort" and the serving thread, then closes it. */
	ApplicationContextRunner recording(ApplicationContextRunner runner, String beanName,
			AtomicReference<String> seen, AtomicReference<Thread> thread);

	/** The blocking engine's handlers. */
	TestHandlers BLOCKING = new TestHandlers() {

		@Override
		public String connectionType() {
			return "ConnectionHandler";
		}

		@Override
		public ApplicationContextRunner echo(ApplicationContextRunner runner, String beanName) {
			return runner.withBean(beanName, ConnectionHandler.class, () -> EchoClient.ECHO);
		}

		@Override
		public ApplicationContextRunner datagramEcho(ApplicationContextRunner runner) {
			return runner.withBean(DatagramHandler.class, () -> EchoClient.DATAGRAM_ECHO);
		}

		@Override
		public ApplicationContextRunner failingOnX(ApplicationContextRunner runner) {
			ConnectionHandler failing = (connection) -> {
				if (connection.inputStream().read() == 'x') {
					throw new IllegalStateException("refusing x");
				}
				EchoClient.echo(connection);
			};
			return runner.withBean(ConnectionHandler.class, () -> failing);
		}

		@Override
		public ApplicationContextRunner recordingOptions(ApplicationContextRunner runner, List<Boolean> options) {
			ConnectionHandler recording = (connection) -> {
				options.add(connection.channel().getOption(StandardSocketOptions.TCP_NODELAY));
				options.add(connection.channel().getOption(StandardSocketOptions.SO_KEEPALIVE));
			};
			return runner.withBean(ConnectionHandler.class, () -> recording);
		}

		@Override
		public ApplicationContextRunner recording(ApplicationContextRunner runner, String beanName,
				AtomicReference<String> seen, AtomicReference<Thread> thread) {
			ConnectionHandler recording = (connection) -> {
				thread.set(Thread.currentThread());
				seen.set(connection.listenerName() + " " + ((InetSocketAddress) connection.localAddress()).getPort()
						+ " " + ((InetSocketAddress) connection.remoteAddress()).getPort());
			};
			return runner.withBean(beanName, ConnectionHandler.class, () -> recording);
		}

	};

}
