/**
 * Observation of listeners for Actuator and Micrometer: a health indicator, a meter binder and the
 * {@code listeners} endpoint. They read a {@link dev.listener.socket.Listener} and its
 * {@link dev.listener.engine.SocketCounters}, never change them. Used only when the application has
 * the matching Boot module.
 */
@NullMarked
package dev.listener.actuate;

import org.jspecify.annotations.NullMarked;
