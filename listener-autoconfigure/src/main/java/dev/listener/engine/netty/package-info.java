/**
 * The event-loop engine: serves the starter's own bound sockets with Netty, adding the starter's
 * counting, connection limit and idle timeout ahead of the handlers that
 * {@link dev.listener.engine.netty.NettyConnectionInitializer} and
 * {@link dev.listener.engine.netty.NettyDatagramInitializer} beans add.
 * Used only when Netty is on the class path.
 */
@NullMarked
package dev.listener.engine.netty;

import org.jspecify.annotations.NullMarked;
