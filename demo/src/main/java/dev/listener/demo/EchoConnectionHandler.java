package dev.listener.demo;

import java.nio.ByteBuffer;

import dev.listener.handler.Connection;
import dev.listener.handler.ConnectionHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The echo as a {@code ConnectionHandler} ({@code demo.echo=connection}, blocking engine): echoes
 * whatever a stream connection sends, until the client closes: one buffer per connection,
 * reused for every read; or, with {@code listener.framing.type} set, each frame as a frame. Logs the
 * client at DEBUG, once per connection, with the balancer it came through behind the PROXY protocol.
 */
@Component
@ConditionalOnProperty(name = "demo.echo", havingValue = "connection")
class EchoConnectionHandler implements ConnectionHandler {

	private static final Log logger = LogFactory.getLog(EchoConnectionHandler.class);

	@Override
	public void handle(Connection connection) throws Exception {
		if (logger.isDebugEnabled()) {
			logger.debug(Echoing.message(connection.remoteAddress(), connection.peerAddress()));
		}
		if (connection.isFramed()) {
			for (byte[] frame = connection.readFrame(); frame != null; frame = connection.readFrame()) {
				connection.writeFrame(frame);
			}
			return;
		}
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
