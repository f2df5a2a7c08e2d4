package dev.listener.engine.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.handler.MessageContext;
import dev.listener.handler.MessageHandler;
import dev.listener.socket.Addresses;
import dev.listener.engine.CloseReason;
import dev.listener.socket.Listener;
import dev.listener.engine.SocketCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * One {@link MessageHandler} bean, unchanged, on the engine under test: the blocking engine on
 * platform threads here, the subclasses on virtual threads and on Netty (nio, epoll). Each test
 * names what the handler does; only the runner differs between engines.
 */
public class MessageHandlerTests {

	static final String HOST = "127.0.0.1";

	/** Echoes each message as a reply. */
	static final MessageHandler ECHO = (message, context) -> context.reply(message);

	@TempDir
	Path dir;

	/** @return the runner of the engine under test */
	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
			.withPropertyValues("listener.port=0", "listener.host=" + HOST, "listener.engine=blocking");
	}

	/** @return how the engine under test names itself, up to any detail */
	protected String engine() {
		return "blocking";
	}

	private ApplicationContextRunner serving(MessageHandler handler) {
		return runner().withBean(MessageHandler.class, () -> handler);
	}

	@Test
	void oneBeanEchoesOverTcp() {
		serving(ECHO).run((context) -> {
			assertThat(context.getBean(ListenerServers.class).engine(listener(context))).startsWith(engine());
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.roundTrip("hello")).isEqualTo("hello");
				assertThat(client.roundTrip("again")).isEqualTo("again");
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.bytesSent()).isEqualTo(10);
			assertThat(counters.handlerErrors()).isZero();
		});
	}

	@Test
	void oneBeanEchoesOverUdpAnsweringTheSender() {
		Queue<String> seen = new ConcurrentLinkedQueue<>();
		MessageHandler handler = (message, context) -> {
			seen.add(context.isDatagram() + " " + ((InetSocketAddress) context.remoteAddress()).getPort());
			context.reply(message);
		};
		serving(handler).withPropertyValues("listener.socket-type=dgram", "listener.protocol=udp").run((context) -> {
			assertThat(context.getBean(ListenerServers.class).engine(listener(context))).startsWith(engine());
			try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), 0))) {
				client.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
				for (String text : new String[] { "one", "two" }) {
					byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
					client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(HOST), port(context)));
					DatagramPacket reply = new DatagramPacket(new byte[64], 64);
					client.receive(reply);
					assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo(text);
				}
				assertThat(seen).containsExactly("true " + client.getLocalPort(), "true " + client.getLocalPort());
			}
			// counted once send() has returned, which may be after the client has the datagram
			await().untilAsserted(() -> assertThat(counters(context).datagramsSent()).isEqualTo(2));
		});
	}

	@Test
	void eachDatagramStartsWithNoStateAndItsOwnSender() {
		MessageHandler handler = (message, context) -> {
			int[] seen = context.state(() -> new int[1]);
			seen[0]++;
			context.reply(seen[0] + " " + ((InetSocketAddress) context.remoteAddress()).getPort());
		};
		serving(handler).withPropertyValues("listener.socket-type=dgram", "listener.protocol=udp").run((context) -> {
			try (DatagramSocket first = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), 0));
					DatagramSocket second = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), 0))) {
				for (DatagramSocket client : new DatagramSocket[] { first, second, first }) {
					client.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
					client.send(new DatagramPacket(new byte[] { 'x' }, 1, InetAddress.getByName(HOST), port(context)));
					DatagramPacket reply = new DatagramPacket(new byte[64], 64);
					client.receive(reply);
					assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
						.isEqualTo("1 " + client.getLocalPort());
				}
			}
		});
	}

	@Test
	void oneBeanEchoesLinesThroughAProxyV2HeaderAndTlsOnOneListener() throws Exception {
		TestCertificates certificates = TestCertificates.in(this.dir);
		Queue<String> seen = new ConcurrentLinkedQueue<>();
		MessageHandler handler = (message, context) -> {
			SSLSession session = context.tlsSession();
			seen.add(Addresses.format(context.remoteAddress()) + " " + ((session != null) ? session.getProtocol() : "none")
					+ " " + StandardCharsets.UTF_8.decode(message.duplicate()));
			context.reply(message);
		};
		serving(handler)
			.withPropertyValues("listener.proxy-protocol.mode=required", "listener.proxy-protocol.trusted=127.0.0.1/32",
					"listener.ssl.bundle=server", "listener.framing.type=line")
			.withPropertyValues(certificates.serverBundle("server"))
			.run((context) -> {
				Socket raw = new Socket();
				raw.connect(new InetSocketAddress(InetAddress.getByName(HOST), port(context)), EchoClient.TIMEOUT_MILLIS);
				raw.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
				raw.getOutputStream().write(PipelineInterplayTests.v2Client());
				try (SSLSocket client = (SSLSocket) certificates.client(null)
					.getSocketFactory()
					.createSocket(raw, HOST, port(context), true)) {
					client.startHandshake();
					client.getOutputStream().write("first\r\nsecond\nthi".getBytes(StandardCharsets.UTF_8));
					client.getOutputStream().flush();
					client.getOutputStream().write("rd\n".getBytes(StandardCharsets.UTF_8));
					client.getOutputStream().flush();
					String expected = "first\nsecond\nthird\n";
					assertThat(new String(client.getInputStream().readNBytes(expected.length()), StandardCharsets.UTF_8))
						.isEqualTo(expected);
				}
				await().untilAsserted(() -> assertThat(counters(context).closed()).isEqualTo(1));
				assertThat(seen).containsExactly("192.0.2.9:40001 TLSv1.3 first", "192.0.2.9:40001 TLSv1.3 second",
						"192.0.2.9:40001 TLSv1.3 third");
				assertThat(counters(context).handlerErrors()).isZero();
			});
	}

	@Test
	void aLargeLengthFieldFrameIsOneMessageAndItsReplyOneFrame() {
		AtomicInteger sizes = new AtomicInteger();
		MessageHandler handler = (message, context) -> {
			sizes.set(message.remaining());
			context.reply(message);
		};
		serving(handler).withPropertyValues("listener.framing.type=length-field", "listener.framing.max-frame-size=1MB")
			.run((context) -> {
				byte[] frame = new byte[300_000];
				new Random(7).nextBytes(frame);
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					ByteBuffer header = ByteBuffer.allocate(4).putInt(frame.length);
					client.socket().getOutputStream().write(header.array());
					client.socket().getOutputStream().write(frame);
					InputStream in = client.socket().getInputStream();
					assertThat(ByteBuffer.wrap(in.readNBytes(4)).getInt()).isEqualTo(frame.length);
					assertThat(in.readNBytes(frame.length)).isEqualTo(frame);
				}
				assertThat(sizes).hasValue(frame.length);
			});
	}

	@Test
	void aReplyTooLongForTheLengthFieldThrowsIllegalArgumentExceptionToTheHandler() {
		MessageHandler handler = (message, context) -> {
			try {
				context.reply(new byte[300]);
			}
			catch (IllegalArgumentException ex) {
				context.reply("too long");
			}
		};
		serving(handler).withPropertyValues("listener.framing.type=length-field", "listener.framing.length-field.length=1",
				"listener.framing.max-frame-size=200")
			.run((context) -> {
				try (EchoClient client = new EchoClient(HOST, port(context))) {
					client.socket().getOutputStream().write(new byte[] { 2, 'h', 'i' });
					InputStream in = client.socket().getInputStream();
					assertThat(in.read()).isEqualTo(8);
					assertThat(new String(in.readNBytes(8), StandardCharsets.UTF_8)).isEqualTo("too long");
				}
				assertThat(counters(context).handlerErrors()).isZero();
			});
	}

	@Test
	void unframedMessagesCarryEveryByteInOrder() {
		serving(ECHO).run((context) -> {
			byte[] bytes = new byte[1_000_000];
			new Random(11).nextBytes(bytes);
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				Thread writer = new Thread(() -> {
					try {
						client.socket().getOutputStream().write(bytes);
					}
					catch (IOException ex) {
						// the read below fails
					}
				});
				writer.start();
				assertThat(client.socket().getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
				writer.join();
			}
		});
	}

	@Test
	void stateIsKeptPerConnection() {
		MessageHandler handler = (message, context) -> {
			AtomicInteger count = context.state(AtomicInteger::new);
			context.reply(count.incrementAndGet() + " " + StandardCharsets.UTF_8.decode(message));
		};
		serving(handler).withPropertyValues("listener.framing.type=line").run((context) -> {
			try (EchoClient first = new EchoClient(HOST, port(context));
					EchoClient second = new EchoClient(HOST, port(context))) {
				assertThat(exchange(first, "a")).isEqualTo("1 a");
				assertThat(exchange(first, "b")).isEqualTo("2 b");
				assertThat(exchange(second, "c")).isEqualTo("1 c");
				assertThat(exchange(first, "d")).isEqualTo("3 d");
				assertThat(exchange(second, "e")).isEqualTo("2 e");
			}
		});
	}

	@Test
	void theHandlerClosesItsConnectionAfterItsRepliesAndNothingAfterIsHandled() {
		Queue<String> seen = new ConcurrentLinkedQueue<>();
		MessageHandler handler = (message, context) -> {
			String text = StandardCharsets.UTF_8.decode(message).toString();
			seen.add(text);
			context.reply("bye " + text);
			if (text.equals("quit")) {
				context.close();
			}
		};
		serving(handler).withPropertyValues("listener.framing.type=line").run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				client.send("hello\nquit\nignored\n");
				assertThat(client.receive("bye hello\nbye quit\n".length())).isEqualTo("bye hello\nbye quit\n");
				assertThat(client.read()).isEqualTo(-1);
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.closed(CloseReason.EOF)).isEqualTo(1);
			assertThat(counters.handlerErrors()).isZero();
			assertThat(seen).containsExactly("hello", "quit");
		});
	}

	@Test
	void aCloseAfterRepliesLargerThanTheSocketBuffersDeliversThemAll() {
		int size = 8 * 1024 * 1024;
		MessageHandler handler = (message, context) -> {
			context.reply(ByteBuffer.wrap(filled(size)));
			context.reply("end");
			context.close();
		};
		serving(handler).withPropertyValues("listener.framing.type=line").run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				client.send("big\n");
				// the replies fill the socket buffers and wait in the server while nothing is read
				Thread.sleep(300);
				assertThat(client.receive(size + "\nend\n".length())).isEqualTo("a".repeat(size) + "\nend\n");
				assertThat(client.read()).isEqualTo(-1);
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.closed(CloseReason.EOF)).isEqualTo(1);
			assertThat(counters.handlerErrors()).isZero();
		});
	}

	@Test
	void aClientThatResetsWhileItsRepliesAreWrittenIsCountedAsAResetNotAHandlerError() {
		int size = 8 * 1024 * 1024;
		MessageHandler handler = (message, context) -> context.reply(ByteBuffer.wrap(filled(size)));
		serving(handler).withPropertyValues("listener.framing.type=line").run((context) -> {
			try (Socket client = new Socket(HOST, port(context))) {
				client.getOutputStream().write("big\n".getBytes(StandardCharsets.UTF_8));
				// the reply fills the socket buffers and waits in the server, then the client resets
				Thread.sleep(300);
				client.setSoLinger(true, 0);
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
			assertThat(counters.closed(CloseReason.RESET)).isEqualTo(1);
			assertThat(counters.handlerErrors()).isZero();
		});
	}

	@Test
	void aCloseAfterRepliesLargerThanTheSocketBuffersDeliversThemAllThroughTls() throws Exception {
		TestCertificates certificates = TestCertificates.in(this.dir);
		int size = 8 * 1024 * 1024;
		MessageHandler handler = (message, context) -> {
			context.reply(ByteBuffer.wrap(filled(size)));
			context.reply("end");
			context.close();
		};
		serving(handler).withPropertyValues("listener.ssl.bundle=server", "listener.framing.type=line")
			.withPropertyValues(certificates.serverBundle("server"))
			.run((context) -> {
				try (SSLSocket client = (SSLSocket) certificates.client(null)
					.getSocketFactory()
					.createSocket(HOST, port(context))) {
					client.setSoTimeout(EchoClient.TIMEOUT_MILLIS);
					client.startHandshake();
					client.getOutputStream().write("big\n".getBytes(StandardCharsets.UTF_8));
					client.getOutputStream().flush();
					// the replies fill the socket buffers and wait in the server while nothing is read
					Thread.sleep(300);
					InputStream in = client.getInputStream();
					byte[] reply = in.readNBytes(size + "\nend\n".length());
					assertThat(reply).hasSize(size + "\nend\n".length());
					assertThat(Arrays.copyOf(reply, size)).isEqualTo(filled(size));
					assertThat(new String(reply, size, reply.length - size, StandardCharsets.UTF_8)).isEqualTo("\nend\n");
					assertThat(in.read()).isEqualTo(-1);
				}
				SocketCounters counters = counters(context);
				await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(1));
				assertThat(counters.closed(CloseReason.EOF)).isEqualTo(1);
				assertThat(counters.handlerErrors()).isZero();
			});
	}

	@Test
	void aMessageGetsZeroOrSeveralReplies() {
		MessageHandler handler = (message, context) -> {
			String text = StandardCharsets.UTF_8.decode(message).toString();
			if (text.startsWith("times ")) {
				String[] words = text.split(" ");
				for (int i = 0; i < Integer.parseInt(words[1]); i++) {
					context.reply(words[2] + i);
				}
			}
			else if (!text.equals("quiet")) {
				context.reply(text);
			}
		};
		serving(handler).withPropertyValues("listener.framing.type=line").run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				client.send("quiet\ntimes 3 x\nquiet\ntimes 0 y\nend\n");
				assertThat(client.receive("x0\nx1\nx2\nend\n".length())).isEqualTo("x0\nx1\nx2\nend\n");
			}
		});
	}

	@Test
	void aFailingHandlerClosesThatConnectionOnlyAndIsCountedOnce() {
		MessageHandler handler = (message, context) -> {
			if (message.get(message.position()) == 'x') {
				throw new IllegalStateException("refusing x");
			}
			context.reply(message);
		};
		serving(handler).withPropertyValues("listener.framing.type=line").run((context) -> {
			try (EchoClient failing = new EchoClient(HOST, port(context));
					EchoClient other = new EchoClient(HOST, port(context))) {
				failing.send("x\n");
				assertThat(failing.read()).isEqualTo(-1);
				assertThat(other.roundTrip("fine\n")).isEqualTo("fine\n");
			}
			SocketCounters counters = counters(context);
			await().untilAsserted(() -> assertThat(counters.closed()).isEqualTo(2));
			assertThat(counters.handlerErrors()).isEqualTo(1);
			assertThat(counters.closed(CloseReason.HANDLER_ERROR)).isEqualTo(1);
		});
	}

	@Test
	void aReplyAfterTheHandlerReturnedIsRefused() {
		AtomicReference<MessageContext> kept = new AtomicReference<>();
		MessageHandler handler = (message, context) -> {
			kept.set(context);
			context.reply(message);
		};
		serving(handler).run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.roundTrip("once")).isEqualTo("once");
				// the echo can arrive before handle() has returned: refused once it has
				await().untilAsserted(() -> assertThatIllegalStateException().isThrownBy(() -> kept.get().reply("late"))
					.withMessageContaining("has returned"));
			}
		});
	}

	@Test
	void theContextNamesTheListenerAndBothEnds() {
		Queue<String> seen = new ConcurrentLinkedQueue<>();
		MessageHandler handler = (message, context) -> {
			seen.add(context.listenerName() + " " + context.remoteAddress().equals(context.peerAddress()) + " "
					+ ((InetSocketAddress) context.localAddress()).getPort() + " " + (context.tlsSession() == null));
			context.reply(message);
		};
		serving(handler).run((context) -> {
			try (EchoClient client = new EchoClient(HOST, port(context))) {
				assertThat(client.roundTrip("hi")).isEqualTo("hi");
			}
			assertThat(seen).containsExactly("default true " + port(context) + " true");
		});
	}

	/** Sends a line, reads a line back. */
	static String exchange(EchoClient client, String line) throws IOException {
		client.send(line + "\n");
		StringBuilder reply = new StringBuilder();
		for (int b = client.read(); b != '\n'; b = client.read()) {
			assertThat(b).as("end of stream after %s", reply).isNotNegative();
			reply.append((char) b);
		}
		return reply.toString();
	}

	static Listener listener(AssertableApplicationContext context) {
		return context.getBean(Listener.class);
	}

	static int port(AssertableApplicationContext context) {
		return listener(context).port();
	}

	static SocketCounters counters(AssertableApplicationContext context) {
		return SocketCounters.of(listener(context).sockets().get(0));
	}

	static byte[] filled(int length) {
		byte[] bytes = new byte[length];
		Arrays.fill(bytes, (byte) 'a');
		return bytes;
	}

}
