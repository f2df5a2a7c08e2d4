/**
 * Reference servers for {@code benchmarks/run.sh}: Netty's echo on one NIO or epoll event loop,
 * and a bare virtual-thread echo, each over TCP or UDP. The load comes from {@code benchmarks/c}.
 */
package dev.listener.benchmarks;
