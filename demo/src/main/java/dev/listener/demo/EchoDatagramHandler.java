package dev.listener.demo;

import dev.listener.handler.Datagram;
import dev.listener.handler.DatagramHandler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The datagram echo as a {@code DatagramHandler} ({@code demo.echo=connection}, blocking engine):
 * sends each datagram back to its sender.
 */
@Component
@ConditionalOnProperty(name = "demo.echo", havingValue = "connection")
class EchoDatagramHandler implements DatagramHandler {

	@Override
	public void handle(Datagram datagram) throws Exception {
		datagram.reply(datagram.payload());
	}

}
