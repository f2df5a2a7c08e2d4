package dev.listener.demo;

import org.springframework.test.context.TestPropertySource;

/**
 * The test client's tests again with the demo's Netty initializers ({@code demo.echo=netty}): the
 * one stream initializer serves the TCP listener with TLS and line frames and the unix one.
 */
@TestPropertySource(properties = "demo.echo=netty")
class DemoTestClientNettyTests extends DemoTestClientTests {

}
