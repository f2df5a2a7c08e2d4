package dev.listener.engine;

import java.util.concurrent.CompletableFuture;

import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

/**
 * What serves one listener: the blocking accept and receive loops, or an event loop. The
 * {@link ListenerServers} start, stop and close engines through this interface only, so that
 * every engine stops alike and reports the same {@link ServingState}s.
 */
public interface ListenerEngine {

	/** @return the listener it serves */
	Listener listener();

	/** @return how it serves */
	ServerSettings settings();

	/** @return whether a handler serves the listener's socket type, rather than only holding it */
	boolean isServing();

	/** @return what it is doing, for health and the {@code listeners} endpoint */
	ServingState state();

	/**
	 * @return which engine this is, as the {@code listeners} endpoint shows it, such as
	 * {@code blocking} or {@code netty (epoll)}
	 */
	String engineName();

	/**
	 * @return the TLS implementation its connections use, as the {@code listeners} endpoint shows
	 * it: {@code jdk} (the JDK's {@code SSLEngine}) or {@code openssl}; {@code null} without TLS
	 */
	default @Nullable String tlsProvider() {
		return (settings().pipeline().tls() != null) ? "jdk" : null;
	}

	/**
	 * @return how many connections are open: those a graceful stop waits for, once it has stopped
	 * accepting; {@code 0} for an engine that does not count them, whose shutdown lines then say
	 * that they wait without a number (an engine written before this method keeps working)
	 */
	default int openConnections() {
		return 0;
	}

	/** @return the end of the startup line, after "Listener 'name' " */
	String describe();

	/** Starts accepting or receiving, once. */
	void start();

	/**
	 * Closes the listen sockets, so new connections are refused; open connections go on.
	 * @return completes once every open connection has closed
	 */
	CompletableFuture<Void> stopAccepting();

	/** Stops accepting and closes every connection at once. */
	void close();

}
