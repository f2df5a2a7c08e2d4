/**
 * The server-socket recipe of Winsock and POSIX as a plain library: hints, getaddrinfo-style
 * resolution, and bound listen sockets. Nothing here depends on Spring.
 */
@NullMarked
package dev.listener.socket;

import org.jspecify.annotations.NullMarked;
