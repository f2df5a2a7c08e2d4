package dev.listener.guide;

import java.nio.ByteBuffer;

import dev.listener.handler.Connection;
import dev.listener.handler.ConnectionHandler;

import org.springframework.stereotype.Component;

@Component
class EchoHandler implements ConnectionHandler {

	@Override
	public void handle(Connection connection) throws Exception {
		ByteBuffer buffer = ByteBuffer.allocate(8192); // one buffer per connection, reused
		while (connection.read(buffer) >= 0) {
			buffer.flip();
			while (buffer.hasRemaining()) {
				connection.write(buffer);
			}
			buffer.clear();
		}
	}

}
