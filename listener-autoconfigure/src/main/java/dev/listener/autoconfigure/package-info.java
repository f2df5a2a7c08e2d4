/**
 * Auto-configuration: {@code listener.*} properties into a bound {@link dev.listener.socket.Listener}.
 */
@NullMarked
package dev.listener.autoconfigure;

import org.jspecify.annotations.NullMarked;
