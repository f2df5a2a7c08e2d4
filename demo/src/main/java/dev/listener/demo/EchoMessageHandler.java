package dev.listener.demo;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.listener.handler.MessageContext;
import dev.listener.handler.MessageHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The demo's echo, one bean for every engine and socket type ({@code demo.echo=message}, the
 * default): each message goes back as it came, a frame as a frame with {@code listener.framing.type}
 * set, a datagram to its sender. On the blocking engine, on virtual threads, and on Netty (which
 * {@code listener.engine: auto} picks for it when Netty is on the class path). Logs the client at
 * DEBUG once per connection, with the balancer it came through behind the PROXY protocol.
 */
@Component
@ConditionalOnProperty(name = "demo.echo", havingValue = "message", matchIfMissing = true)
class EchoMessageHandler implements MessageHandler {

	private static final Log logger = LogFactory.getLog(EchoMessageHandler.class);

	@Override
	public void handle(ByteBuffer message, MessageContext context) throws IOException {
		if (!context.isDatagram()) {
			// the state is made once, with the connection's first message: the level is read then,
			// not on every message (a logger's level check walks its filters)
			context.state(() -> {
				if (logger.isDebugEnabled()) {
					logger.debug(Echoing.message(context.remoteAddress(), context.peerAddress()));
				}
				return Boolean.TRUE;
			});
		}
		context.reply(message);
	}

}
