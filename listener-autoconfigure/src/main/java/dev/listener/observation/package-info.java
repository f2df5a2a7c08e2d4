/**
 * What the starter tells of each connection, once it has closed or while it is open: a Micrometer
 * {@link io.micrometer.observation.Observation} from accept to close
 * ({@code listener.connection}, with its TLS handshake as a child, {@code listener.tls.handshake})
 * and a line in the access log ({@code dev.listener.access}). Both are off unless switched on, and
 * are told of a connection by the engine's connection events; neither changes what a connection does.
 */
@NullMarked
package dev.listener.observation;

import org.jspecify.annotations.NullMarked;
