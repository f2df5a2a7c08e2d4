/**
 * The blocking engine: accept and receive loops on platform or virtual threads that hand each
 * connection, after its PROXY header, TLS handshake and framing, to a
 * {@link dev.listener.handler.ConnectionHandler} and each datagram to a
 * {@link dev.listener.handler.DatagramHandler}; its TLS channel, frames reader and idle sweeper.
 * {@link dev.listener.engine.blocking.ListenerServers} serves every listener through its
 * {@link dev.listener.engine.ListenerEngine}: this one, or another one a
 * {@link dev.listener.engine.ListenerEngineFactory} creates (the Netty engine, in
 * {@code dev.listener.engine.netty}).
 */
@NullMarked
package dev.listener.engine.blocking;

import org.jspecify.annotations.NullMarked;
