/**
 * The engine behind the listen sockets: accept and receive loops that hand connections to a
 * {@link dev.listener.server.ConnectionHandler} and datagrams to a
 * {@link dev.listener.server.DatagramHandler}, with a connection limit, an idle timeout and
 * graceful shutdown. Every count goes to the sockets' {@link dev.listener.socket.SocketCounters}.
 */
@NullMarked
package dev.listener.server;

import org.jspecify.annotations.NullMarked;
