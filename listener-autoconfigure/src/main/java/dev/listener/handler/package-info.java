/**
 * What applications implement and receive, on any engine that serves them: a
 * {@link dev.listener.handler.ConnectionHandler} gets each accepted
 * {@link dev.listener.handler.Connection}, a {@link dev.listener.handler.DatagramHandler} each
 * received {@link dev.listener.handler.Datagram}, and a {@link dev.listener.handler.MessageHandler}, on
 * any engine, each message with its {@link dev.listener.handler.MessageContext}; the exceptions a connection's reads throw for what
 * its peer sent.
 */
@NullMarked
package dev.listener.handler;

import org.jspecify.annotations.NullMarked;
