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
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.SocketCounters;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SystemAddressResolver;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

/**
 * The server of {@link MessageBackpressureTests}, in a child JVM with a small heap: a message
 * handler that answers each line with {@value #REPLY_SIZE} bytes, on the engine its argument names
 * ({@code blocking}, {@code netty}, or {@code netty-blocking} for a blocking handler on Netty);
 * each line on stdin asks for its heap in use after a GC, Netty's direct memory in use, and its
 * counters, until stdin closes.
 */
public final class MessageBackpressureChild {

	static final int REPLY_SIZE = 65536;

	private static final byte[] REPLY = new byte[REPLY_SIZE];

	static final MessageHandler AMPLIFIER = (message, context) -> context.reply(ByteBuffer.wrap(REPLY));

	private MessageBackpressureChild() {
	}

	/**
	 * Serves until stdin closes.
	 * @param args the engine
	 * @throws Exception when it cannot serve
	 */
	public static void main(String[] args) throws Exception {
		Listener listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", Hints.recipe(), "127.0.0.1", "0", SocketOptions.defaults()));
		ServerSettings settings = new ServerSettings(10, null, true, false, Shutdown.IMMEDIATE,
				new ConnectionPipeline(AddressFilter.ALLOW_ALL, ProxyProtocol.OFF, null,
						new Framing(Framing.Type.LINE, 1024)));
		ServedListener served;
		if (args[0].startsWith("netty")) {
			NettyEngines netty = new NettyEngines(NettyTransport.NIO, 1, MessageBackpressureChild.class.getClassLoader());
			netty.select(true);
			served = new ServedListener(listener, null, null, settings, () -> Runnable::run,
					netty.connections(NettyMessages.connections(AMPLIFIER,
							args[0].equals("netty-blocking") ? () -> Executors.newFixedThreadPool(2) : null)));
		}
		else {
			served = new ServedListener(listener, MessageConnections.connections(AMPLIFIER), null, settings,
					Executors::newCachedThreadPool);
		}
		new ListenerServers(List.of(served)).start();
		System.out.println("port=" + listener.port());
		ListenSocket socket = listener.sockets().get(0);
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
		while (commands.readLine() != null) {
			System.gc();
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			long direct = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
			SocketCounters counters = socket.counters();
			System.out.println("memory=" + heap + " " + direct + " " + counters.bytesReceived() + " " + counters.closed()
					+ " " + counters.handlerErrors());
		}
	}

}
