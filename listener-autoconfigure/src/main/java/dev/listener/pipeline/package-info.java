/**
 * What happens to an accepted connection before its handler sees a byte, the same on every
 * engine: the address allow/deny lists, the PROXY protocol header, TLS, and framing with a size
 * limit. The rules (limits, reasons, counters) live here; each engine adapts them. Nothing here
 * depends on Spring.
 */
@NullMarked
package dev.listener.pipeline;

import org.jspecify.annotations.NullMarked;
