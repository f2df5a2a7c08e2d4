package dev.listener.guide;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

import dev.listener.handler.Connection;
import dev.listener.handler.ConnectionHandler;

import org.springframework.stereotype.Component;

/**
 * docs/protection.md: behind the PROXY protocol, the client from the header and the balancer it
 * came through. Run by {@link GuideExamplesTests} with line frames.
 */
@Component
class ClientAwareHandler implements ConnectionHandler {

	@Override
	public void handle(Connection connection) throws Exception {
		SocketAddress client = connection.remoteAddress(); // from the header
		SocketAddress balancer = connection.peerAddress(); // the TCP peer
		connection.writeFrame(("hello " + client + " via " + balancer).getBytes(StandardCharsets.UTF_8));
	}

}
