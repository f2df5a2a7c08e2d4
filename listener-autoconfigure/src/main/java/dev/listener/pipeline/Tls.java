package dev.listener.pipeline;

/**
 * The TLS server side of a listener.
 */
public final class Tls {

}
