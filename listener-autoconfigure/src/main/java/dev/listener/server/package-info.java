/**
 * The engines behind the listen sockets. {@link dev.listener.server.ListenerServers} serves every
 * listener through its {@link dev.listener.server.ListenerEngine}: the blocking one here, accept
 * and receive loops that hand connections to a {@link dev.listener.server.ConnectionHandler} and
 * datagrams to a {@link dev.listener.server.DatagramHandler}, or another one a
 * {@link dev.listener.server.ListenerEngineFactory} creates (the Netty engine, in
 * {@code dev.listener.netty}). Every engine applies the same connection limit, idle timeout and
 * graceful shutdown, and counts into the sockets' {@link dev.listener.socket.SocketCounters}.
 */
@NullMarked
package dev.listener.server;

import org.jspecify.annotations.NullMarked;
