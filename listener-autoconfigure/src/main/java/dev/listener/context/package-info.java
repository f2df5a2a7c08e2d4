/**
 * Glue to the application context: start and stop with the context, and the
 * {@code local.listener.port} property.
 */
@NullMarked
package dev.listener.context;

import org.jspecify.annotations.NullMarked;
