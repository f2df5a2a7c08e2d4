/**
 * What applications implement and receive, on any engine that serves them: a
 * {@link dev.listener.handler.ConnectionHandler} gets each accepted
 * {@link dev.listener.handler.Connection}, a {@link dev.listener.handler.DatagramHandler} each
 * received {@link dev.listener.handler.Datagram}; the exceptions a connection's reads throw for what
 * its peer sent.
 */
@NullMarked
package dev.listener.handler;

import org.jspecify.annotations.NullMarked;
