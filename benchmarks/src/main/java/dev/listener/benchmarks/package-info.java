/**
 * Load tools for {@code benchmarks/run.sh}: an echo load, idle connections, and Netty's echo as
 * the baseline. Every run is bounded in connections and seconds, and targets loopback only.
 */
package dev.listener.benchmarks;
