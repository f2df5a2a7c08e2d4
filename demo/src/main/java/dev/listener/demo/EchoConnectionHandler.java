package dev.listener.demo;

import java.nio.ByteBuffer;

import dev.listener.server.ConnectionHandler;
import dev.listener.socket.Connection;

import org.springframework.stereotype.Component;

/**
 * Echoes whatever a stream connection sends, until the client closes: one buffer per connection,
 * reused for every read.
 */
@Component
class EchoConnectionHandler implements ConnectionHandler {

	@Override
	public void handle(Connection connection) throws Exception {
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		while (connection.read(buffer) >= 0) {
			buffer.flip();
			while (buffer.hasRemaining()) {
				connection.write(buffer);
			}
			buffer.clear();
		}
	}

}
