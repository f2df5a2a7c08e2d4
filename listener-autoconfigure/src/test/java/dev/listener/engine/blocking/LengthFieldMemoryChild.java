package dev.listener.engine.blocking;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.engine.Shutdown;
import dev.listener.engine.netty.NettyEngines;
import dev.listener.engine.netty.NettyMessages;
import dev.listener.engine.netty.NettyTransport;
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

/**
 * The server of {@link LengthFieldMemoryTests}, in a child JVM: it echoes length-field frames of
 * up to 64 MB with a message handler, on the engine its argument names; each line on stdin asks for
 * its heap in use after a GC and its counters, until stdin closes.
 */
public final class LengthFieldMemoryChild {

	static final int MAX_FRAME_SIZE = 64 * 1024 * 1024;

	private LengthFieldMemoryChild() {
	}

	/**
	 * Serves until stdin closes.
	 * @param args {@code blocking} or {@code netty}
	 * @throws Exception when it cannot serve
	 */
	public static void main(String[] args) throws Exception {
		Listener listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", Hints.recipe(), "127.0.0.1", "0", SocketOptions.defaults()));
		ServerSettings settings = new ServerSettings(2000, null, true, false, Shutdown.IMMEDIATE,
				new ConnectionPipeline(AddressFilter.ALLOW_ALL, ProxyProtocol.OFF, null,
						new Framing(Framing.Type.LENGTH_FIELD, MAX_FRAME_SIZE)));
		ServedListener served;
		if (args[0].equals("netty")) {
			NettyEngines netty = new NettyEngines(NettyTransport.NIO, 1, LengthFieldMemoryChild.class.getClassLoader());
			netty.select(true);
			served = new ServedListener(listener, null, null, settings, () -> Runnable::run,
					netty.connections(NettyMessages.connections(MessageHandlerTests.ECHO, null)));
		}
		else {
			served = new ServedListener(listener, MessageConnections.connections(MessageHandlerTests.ECHO), null,
					settings, Executors::newCachedThreadPool);
		}
		new ListenerServers(List.of(served)).start();
		System.out.println("port=" + listener.port());
		ListenSocket socket = listener.sockets().get(0);
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
		while (commands.readLine() != null) {
			System.gc();
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			SocketCounters counters = socket.counters();
			System.out.println("memory=" + heap + " " + counters.bytesReceived() + " " + counters.accepted() + " "
					+ counters.closed() + " " + counters.handlerErrors());
		}
	}

}
