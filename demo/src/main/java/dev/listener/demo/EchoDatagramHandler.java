package dev.listener.demo;

import dev.listener.server.Datagram;
import dev.listener.server.DatagramHandler;

import org.springframework.stereotype.Component;

/**
 * Sends each datagram back to its sender.
 */
@Component
class EchoDatagramHandler implements DatagramHandler {

	@Override
	public void handle(Datagram datagram) throws Exception {
		datagram.reply(datagram.payload());
	}

}
