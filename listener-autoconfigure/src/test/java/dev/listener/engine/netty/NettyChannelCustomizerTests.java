package dev.listener.engine.netty;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.listener.autoconfigure.ListenerAutoConfiguration;
import dev.listener.autoconfigure.ListenerServerAutoConfiguration;
import dev.listener.socket.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DuplexChannel;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NettyChannelCustomizer} beans, applied in order to every listener's channels, and the
 * starter's handlers found by their {@link NettyHandlerNames}.
 */
class NettyChannelCustomizerTests {

	private final Queue<String> seen = new ConcurrentLinkedQueue<>();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class, LifecycleAutoConfiguration.class))
			.withPropertyValues("listener.port=0", "listener.host=127.0.0.1", "listener.engine=netty",
					"listener.netty.threads=2", "listener.netty.transport=nio", "listener.framing.type=line",
					"listener.proxy-protocol.mode=optional", "listener.proxy-protocol.trusted=127.0.0.1/32")
			// no handler of the application's own: the customizer adds the echo after the frame limit
			.withBean(NettyConnectionInitializer.class, () -> (channel) -> this.seen.add("initializer"));
	}

	@Test
	void customizersSeeTheStartersHandlersByNameInOrderAndCanPlaceTheirOwnAmongThem() throws Exception {
		runner().withBean(Second.class, () -> new Second(this.seen))
			.withBean(First.class, () -> new First(this.seen))
			.run((context) -> {
				try (Socket client = new Socket("127.0.0.1", context.getBean(Listener.class).port())) {
					client.setSoTimeout(5000);
					OutputStream out = client.getOutputStream();
					out.write("hello\n".getBytes(StandardCharsets.UTF_8));
					out.flush();
					InputStream in = client.getInputStream();
					assertThat(new String(in.readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("HELLO\n");
				}
				assertThat(this.seen).containsSubsequence("listen first", "listen second");
				assertThat(this.seen).containsSubsequence("initializer", "connection first " + List.of(
						NettyHandlerNames.CONNECTION, NettyHandlerNames.PROXY_DETECTOR, NettyHandlerNames.PROXY_DECODER,
						NettyHandlerNames.PROXY, NettyHandlerNames.FRAME_DECODER, NettyHandlerNames.FRAME_ENCODER,
						NettyHandlerNames.FRAME_LIMIT), "connection second");
			});
	}

	/** Records the pipeline's names, then adds an upper-casing echo right after the frame limit. */
	@Order(1)
	static final class First implements NettyChannelCustomizer {

		private final Queue<String> seen;

		First(Queue<String> seen) {
			this.seen = seen;
		}

		@Override
		public void customizeListenChannel(Channel channel) {
			assertThat(channel).isInstanceOf(ServerChannel.class);
			this.seen.add("listen first");
		}

		@Override
		public void customizeConnection(DuplexChannel channel) {
			List<String> names = channel.pipeline().names().stream().filter((name) -> name.startsWith("listener-"))
				.toList();
			this.seen.add("connection first " + names);
			channel.pipeline().addAfter(NettyHandlerNames.FRAME_LIMIT, "upper", new ChannelInboundHandlerAdapter() {

				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					ByteBuf frame = (ByteBuf) msg;
					String line = frame.toString(StandardCharsets.UTF_8).toUpperCase();
					frame.release();
					ctx.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8));
				}

			});
		}

	}

	@Order(2)
	static final class Second implements NettyChannelCustomizer {

		private final Queue<String> seen;

		Second(Queue<String> seen) {
			this.seen = seen;
		}

		@Override
		public void customizeListenChannel(Channel channel) {
			this.seen.add("listen second");
		}

		@Override
		public void customizeConnection(DuplexChannel channel) {
			this.seen.add("connection second");
		}

	}

}
