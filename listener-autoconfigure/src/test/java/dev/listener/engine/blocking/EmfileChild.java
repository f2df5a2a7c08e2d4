package dev.listener.engine.blocking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;

import dev.listener.engine.AcceptError;
import dev.listener.engine.Backoff;
import dev.listener.engine.ServedListener;
import dev.listener.engine.ServerSettings;
import dev.listener.engine.SocketCounters;
import dev.listener.engine.netty.NettyConnectionInitializer;
import dev.listener.engine.netty.NettyEngines;
import dev.listener.engine.netty.NettyTransport;
import dev.listener.handler.ConnectionHandler;
import dev.listener.socket.Hints;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SocketOptions;
import dev.listener.socket.SystemAddressResolver;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The server of {@link EmfileTests}, run in a child JVM whose file limit the test lowers: it greets
 * each connection with the EMFILE count of its socket, then echoes; it tells the count for each
 * line on stdin, until stdin closes.
 */
public final class EmfileChild {

	private EmfileChild() {
	}

	/**
	 * Serves until stdin closes.
	 * @param args none for the blocking engine; {@code netty nio} or {@code netty epoll} for the Netty
	 * engine
	 * @throws Exception when it cannot serve
	 */
	public static void main(String[] args) throws Exception {
		Listener listener = new SocketOpener(new SystemAddressResolver(), List.of())
			.open(new ListenerSpec("default", Hints.recipe(), "127.0.0.1", "0", SocketOptions.defaults()));
		ListenSocket socket = listener.sockets().get(0);
		ConnectionHandler greetThenEcho = (connection) -> {
			String greeting = "emfile=" + SocketCounters.of(socket).acceptErrors(AcceptError.EMFILE) + "\n";
			connection.outputStream().write(greeting.getBytes(StandardCharsets.US_ASCII));
			EchoClient.echo(connection);
		};
		String engine = (args.length > 0) ? args[0] : "blocking";
		if (engine.equals("netty")) {
			NettyEngines netty = new NettyEngines(NettyTransport.valueOf(args[1].toUpperCase(Locale.ROOT)), 1,
					EmfileChild.class.getClassLoader());
			netty.select(true);
			NettyConnectionInitializer nettyGreetThenEcho = (channel) -> channel.pipeline()
				.addLast(new ChannelInboundHandlerAdapter() {

					@Override
					public void channelActive(ChannelHandlerContext ctx) {
						String greeting = "emfile=" + SocketCounters.of(socket).acceptErrors(AcceptError.EMFILE) + "\n";
						ctx.writeAndFlush(Unpooled.copiedBuffer(greeting, StandardCharsets.US_ASCII));
						ctx.fireChannelActive();
					}

				}, NettyTestHandlers.Echo.INSTANCE);
			new ListenerServers(List.of(new ServedListener(listener, null, null, ServerSettings.defaults(),
					() -> Runnable::run, netty.connections(nettyGreetThenEcho))))
				.start();
		}
		else {
			new ListenerServers(List.of(listener), greetThenEcho, null, ServerSettings.defaults(),
					(name) -> Executors.newCachedThreadPool())
				.start();
		}
		// load what the failure path needs now: without descriptors no class file can be opened
		new Backoff().next(AcceptError.of(new IOException("Too many open files")));
		System.out.println("port=" + listener.port());
		// each line on stdin asks for the EMFILE count: stdin and stdout need no new descriptor
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
		while (commands.readLine() != null) {
			System.out.println("count=" + SocketCounters.of(socket).acceptErrors(AcceptError.EMFILE));
		}
	}

}
