package dev.listener.examples;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.listener.handler.MessageContext;
import dev.listener.handler.MessageHandler;

/**
 * A binary protocol behind a length field (docs/message-handler.md): with
 * {@code listener.framing.type: length-field} (a 4-byte big-endian length by default) each message
 * is one frame without its length, and each reply is written with its own. A frame is an opcode
 * byte and its operands: {@code 1} echoes the rest, {@code 2} sums the 32-bit big-endian integers
 * that follow and answers the sum as 8 bytes, anything else answers one byte {@code 0xFF}. The
 * message may be a direct buffer, so it is read with {@code get}, never {@code array()}.
 */
public class SumLengthFieldHandler implements MessageHandler {

	static final byte ECHO = 1;

	static final byte SUM = 2;

	private static final byte[] UNKNOWN = { (byte) 0xFF };

	@Override
	public void handle(ByteBuffer message, MessageContext context) throws IOException {
		if (!message.hasRemaining()) {
			context.reply(UNKNOWN);
			return;
		}
		switch (message.get()) {
			// what is left of the message: written back with no copy where the engine can
			case ECHO -> context.reply(message);
			case SUM -> {
				long sum = 0;
				while (message.remaining() >= Integer.BYTES) {
					sum += message.getInt();
				}
				context.reply(ByteBuffer.allocate(Long.BYTES).putLong(sum).flip());
			}
			default -> context.reply(UNKNOWN);
		}
	}

}
