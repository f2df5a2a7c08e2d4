package dev.listener.engine.blocking;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

import dev.listener.engine.CloseReason;
import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.engine.Shutdown;
import dev.listener.engine.SocketCounters;
import dev.listener.engine.netty.NettyEngines;
import dev.listener.engine.netty.NettyTransport;
import dev.listener.pipeline.AddressFilter;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SystemAddressResolver;

/**
 * The server of {@link FramingMemoryTests}, run in a child JVM whose memory the test watches: it
 * echoes lines of at most 64KB, on one serving thread; each line on stdin asks for its counters,
 * until stdin closes.
 */
public final class FramingMemoryChild {

	static final int MAX_FRAME_SIZE = 65536;

	private FramingMemoryChild() {
	}

	/**
	 * Serves until stdin closes.
	 * @param args {@code blocking} or {@code netty}
	 * @throws Exception when it cannot serve
	 */
	public static void main(String[] args) throws Exception {
		Listener listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", Hints.recipe(), "127.0.0.1", "0", SocketOptions.defaults()));
		ServerSettings settings = new ServerSettings(10, null, true, false, Shutdown.IMMEDIATE,
				new ConnectionPipeline(AddressFilter.ALLOW_ALL, ProxyProtocol.OFF, null,
						new Framing(Framing.Type.LINE, MAX_FRAME_SIZE)));
		ServedListener served;
		if (args[0].equals("netty")) {
			NettyEngines netty = new NettyEngines(NettyTransport.NIO, 1, FramingMemoryChild.class.getClassLoader());
			netty.select(true);
			served = new ServedListener(listener, null, null, settings, () -> Runnable::run,
					netty.connections(NettyTestHandlers.ECHO));
		}
		else {
			// one thread, so every connection reuses its stack and its temporary direct buffer
			served = new ServedListener(listener, BlockingFramingTests.FRAME_ECHO, null, settings,
					Executors::newSingleThreadExecutor);
		}
		new ListenerServers(List.of(served)).start();
		System.out.println("port=" + listener.port());
		ListenSocket socket = listener.sockets().get(0);
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
		while (commands.readLine() != null) {
			SocketCounters counters = SocketCounters.of(socket);
			System.out.println("counters=" + counters.framesRejected() + " " + counters.closed(CloseReason.LIMIT) + " "
					+ counters.handlerErrors());
		}
	}

}
