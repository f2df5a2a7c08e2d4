package dev.listener.engine.netty;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.listener.handler.MessageHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a message handler costs a Netty connection: the listener's one shared channel handler in
 * its pipeline, and, from its first message on, a context of its own, in a channel attribute;
 * nothing before it.
 */
class MessageChannelHandlerTests {

	/** Answers each message with how many messages its connection has sent. */
	private final MessageHandler counting = (message, context) -> {
		int count = context.state(AtomicInteger::new).incrementAndGet();
		context.reply(Integer.toString(count));
	};

	@Test
	void everyConnectionOfAListenerGetsTheSameSharedHandler() throws Exception {
		NioSocketChannel first = new NioSocketChannel();
		NioSocketChannel second = new NioSocketChannel();
		try {
			NettyConnectionInitializer initializer = NettyMessages.connections(this.counting, null);
			initializer.initChannel(first);
			initializer.initChannel(second);
			ChannelHandler handler = first.pipeline().last();
			assertThat(handler).isInstanceOf(MessageChannelHandler.class);
			assertThat(handler.getClass()).hasAnnotation(ChannelHandler.Sharable.class);
			assertThat(second.pipeline().last()).isSameAs(handler);
		}
		finally {
			// never registered with an event loop
			first.unsafe().closeForcibly();
			second.unsafe().closeForcibly();
		}
	}

	@Test
	void aConnectionHoldsNothingOfTheHandlerBeforeItsFirstMessage() {
		MessageChannelHandler handler = new MessageChannelHandler(this.counting, null, false);
		EmbeddedChannel idle = new EmbeddedChannel(handler);
		EmbeddedChannel active = new EmbeddedChannel(handler);
		try {
			assertThat(active.writeInbound(message("hello"))).isFalse();
			assertThat(reply(active)).isEqualTo("1");
			// what an idle connection sees: the end of a read that brought nothing, writability
			idle.pipeline().fireChannelReadComplete();
			idle.pipeline().fireChannelWritabilityChanged();
			assertThat(contextOf(idle)).isFalse();
			assertThat(contextOf(active)).isTrue();
		}
		finally {
			idle.finishAndReleaseAll();
			active.finishAndReleaseAll();
		}
	}

	@Test
	void connectionsSharingTheHandlerKeepTheirOwnState() {
		MessageChannelHandler handler = new MessageChannelHandler(this.counting, null, false);
		EmbeddedChannel first = new EmbeddedChannel(handler);
		EmbeddedChannel second = new EmbeddedChannel(handler);
		try {
			first.writeInbound(message("a"));
			first.writeInbound(message("b"));
			second.writeInbound(message("c"));
			first.writeInbound(message("d"));
			assertThat(reply(first)).isEqualTo("1");
			assertThat(reply(first)).isEqualTo("2");
			assertThat(reply(first)).isEqualTo("3");
			assertThat(reply(second)).isEqualTo("1");
		}
		finally {
			first.finishAndReleaseAll();
			second.finishAndReleaseAll();
		}
	}

	@Test
	void aMessageInTheMemoryOfTheLastIsHandedAsANewMessage() {
		List<ByteBuffer> views = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		MessageHandler moving = (message, context) -> {
			views.add(message);
			seen.add(message.position() + " " + message.order() + " " + StandardCharsets.UTF_8.decode(message));
			// what a handler may leave behind: the message read to its end, another byte order
			message.order(ByteOrder.LITTLE_ENDIAN);
		};
		EmbeddedChannel channel = new EmbeddedChannel(new MessageChannelHandler(moving, null, false));
		ByteBuf memory = Unpooled.directBuffer(8);
		try {
			for (String text : List.of("ab", "cd", "xyz")) {
				memory.clear().writeBytes(text.getBytes(StandardCharsets.UTF_8));
				// the handler releases each message: the memory stays for the next
				channel.writeInbound(memory.retain());
			}
			assertThat(seen).containsExactly("0 BIG_ENDIAN ab", "0 BIG_ENDIAN cd", "0 BIG_ENDIAN xyz");
			if (ReusableViews.ENABLED && memory.hasMemoryAddress()) {
				// the same memory and length: the same view, with no allocation; another length, another
				assertThat(views.get(1)).isSameAs(views.get(0));
				assertThat(views.get(2)).isNotSameAs(views.get(1));
			}
		}
		finally {
			channel.finishAndReleaseAll();
			memory.release();
		}
	}

	private static boolean contextOf(EmbeddedChannel channel) {
		return channel.hasAttr(MessageChannelHandler.CONTEXT);
	}

	private static ByteBuf message(String text) {
		return Unpooled.copiedBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static String reply(EmbeddedChannel channel) {
		ByteBuf reply = channel.readOutbound();
		assertThat(reply).as("a reply").isNotNull();
		try {
			return reply.toString(StandardCharsets.UTF_8);
		}
		finally {
			reply.release();
		}
	}

}
