package dev.listener.demo;

import dev.listener.handler.Datagram;
import dev.listener.handler.DatagramHandler;

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
