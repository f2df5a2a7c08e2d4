package dev.listener.examples;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.handler.MessageHandler;
import dev.listener.socket.Listener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The two examples of docs/message-handler.md, served as the page configures them, on each engine. */
class ExampleHandlersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
				ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
		.withPropertyValues("listener.port=0", "listener.host=127.0.0.1", "listener.netty.threads=1",
				"listener.netty.transport=nio");

	@ParameterizedTest(name = "{0} engine")
	@ValueSource(strings = { "blocking", "netty" })
	void theLineProtocolAnswersEachRequestAndKeepsACountPerConnection(String engine) {
		this.runner.withBean(MessageHandler.class, KeyValueLineHandler::new)
			.withPropertyValues("listener.engine=" + engine, "listener.framing.type=line",
					"listener.framing.max-frame-size=1KB")
			.run((context) -> {
				try (Socket client = connect(context); Socket other = connect(context)) {
					assertThat(request(client, "SET greeting hello world")).isEqualTo("OK");
					assertThat(request(other, "GET greeting")).isEqualTo("hello world");
					assertThat(request(other, "GET missing")).isEqualTo("NOT_FOUND");
					assertThat(request(client, "COUNT")).isEqualTo("2");
					assertThat(request(other, "COUNT")).isEqualTo("3");
					assertThat(request(client, "QUIT")).isEqualTo("BYE");
					assertThat(client.getInputStream().read()).isEqualTo(-1);
				}
			});
	}

	@ParameterizedTest(name = "{0} engine")
	@ValueSource(strings = { "blocking", "netty" })
	void theLengthFieldProtocolEchoesAndSums(String engine) {
		this.runner.withBean(MessageHandler.class, SumLengthFieldHandler::new)
			.withPropertyValues("listener.engine=" + engine, "listener.framing.type=length-field",
					"listener.framing.max-frame-size=64KB")
			.run((context) -> {
				try (Socket client = connect(context)) {
					DataOutputStream out = new DataOutputStream(client.getOutputStream());
					DataInputStream in = new DataInputStream(client.getInputStream());
					out.writeInt(1 + 3);
					out.writeByte(SumLengthFieldHandler.ECHO);
					out.write("abc".getBytes(StandardCharsets.US_ASCII));
					out.writeInt(1 + 3 * 4);
					out.writeByte(SumLengthFieldHandler.SUM);
					out.writeInt(2_000_000_000);
					out.writeInt(2_000_000_000);
					out.writeInt(-1);
					out.writeInt(1);
					out.writeByte(9);
					assertThat(in.readInt()).isEqualTo(3);
					assertThat(in.readNBytes(3)).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
					assertThat(in.readInt()).isEqualTo(8);
					assertThat(in.readLong()).isEqualTo(3_999_999_999L);
					assertThat(in.readInt()).isEqualTo(1);
					assertThat(in.readByte()).isEqualTo((byte) 0xFF);
				}
			});
	}

	private static Socket connect(AssertableApplicationContext context) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", context.getBean(Listener.class).port()), 5000);
		socket.setSoTimeout(5000);
		return socket;
	}

	private static String request(Socket socket, String line) throws IOException {
		socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		StringBuilder reply = new StringBuilder();
		for (int b = socket.getInputStream().read(); b != '\n'; b = socket.getInputStream().read()) {
			assertThat(b).as("end of stream after %s", reply).isNotNegative();
			reply.append((char) b);
		}
		return reply.toString();
	}

}
