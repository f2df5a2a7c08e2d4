package dev.listener.engine.blocking;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.engine.Shutdown;
import dev.listener.engine.netty.NettyEngines;
import dev.listener.engine.netty.NettyMessages;
import dev.listener.engine.netty.NettyTransport;
import dev.listener.handler.MessageHandler;
import dev.listener.pipeline.AddressFilter;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.socket.Hints;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.engine.SocketCounters;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SystemAddressResolver;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

/**
 * The server of the message handler's memory tests, in a child JVM whose memory they bound: with
 * {@code length-field}, an echo of length-field frames up to {@value #MAX_FRAME_SIZE} bytes
 * ({@link LengthFieldMemoryTests}); with {@code amplifier}, lines answered with
 * {@value #REPLY_SIZE} bytes each ({@link MessageBackpressureTests}). The second argument is the
 * engine: {@code blocking}, {@code netty}, or {@code netty-blocking} for a blocking handler on
 * Netty. Each line on stdin asks for its heap in use after a GC, Netty's direct memory in use and
 * its counters, until stdin closes.
 */
public final class MessageMemoryChild {

	static final int MAX_FRAME_SIZE = 64 * 1024 * 1024;

	static final int REPLY_SIZE = 65536;

	private static final byte[] REPLY = new byte[REPLY_SIZE];

	private static final MessageHandler AMPLIFIER = (message, context) -> context.reply(ByteBuffer.wrap(REPLY));

	private MessageMemoryChild() {
	}

	/**
	 * Serves until stdin closes.
	 * @param args {@code length-field} or {@code amplifier}, then the engine
	 * @throws Exception when it cannot serve
	 */
	public static void main(String[] args) throws Exception {
		boolean lengthField = args[0].equals("length-field");
		MessageHandler handler = lengthField ? MessageHandlerTests.ECHO : AMPLIFIER;
		Framing framing = lengthField ? new Framing(Framing.Type.LENGTH_FIELD, MAX_FRAME_SIZE)
				: new Framing(Framing.Type.LINE, 1024);
		Listener listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", Hints.recipe(), "127.0.0.1", "0", SocketOptions.defaults()));
		ServerSettings settings = new ServerSettings(2000, null, true, false, Shutdown.IMMEDIATE,
				new ConnectionPipeline(AddressFilter.ALLOW_ALL, ProxyProtocol.OFF, null, framing));
		String engine = args[1];
		ServedListener served;
		if (engine.startsWith("netty")) {
			NettyEngines netty = new NettyEngines(NettyTransport.NIO, 1, MessageMemoryChild.class.getClassLoader());
			netty.select(true);
			served = new ServedListener(listener, null, null, settings, () -> Runnable::run,
					netty.connections(NettyMessages.connections(handler,
							engine.equals("netty-blocking") ? () -> Executors.newFixedThreadPool(2) : null)));
		}
		else {
			served = new ServedListener(listener, MessageConnections.connections(handler), null, settings,
					Executors::newCachedThreadPool);
		}
		new ListenerServers(List.of(served)).start();
		System.out.println("port=" + listener.port());
		SocketCounters counters = SocketCounters.of(listener.sockets().get(0));
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
		while (commands.readLine() != null) {
			System.gc();
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			long direct = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
			System.out.println("memory=" + heap + " " + direct + " " + counters.bytesReceived() + " "
					+ counters.accepted() + " " + counters.closed() + " " + counters.handlerErrors());
		}
	}

}
