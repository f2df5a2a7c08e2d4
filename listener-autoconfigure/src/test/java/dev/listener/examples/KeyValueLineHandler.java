package dev.listener.examples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.listener.handler.MessageContext;
import dev.listener.handler.MessageHandler;

/**
 * A line protocol with request and reply (docs/message-handler.md): with
 * {@code listener.framing.type: line} each message is one line, without its line end, and each
 * reply is written as a line. {@code SET key value} answers {@code OK}, {@code GET key} the value
 * or {@code NOT_FOUND}, {@code COUNT} how many requests this connection made (state kept per
 * connection), {@code QUIT} answers {@code BYE} and closes. The map is shared by every connection,
 * so it is a concurrent one; the per-connection counter needs no lock.
 */
public class KeyValueLineHandler implements MessageHandler {

	private final Map<String, String> values = new ConcurrentHashMap<>();

	@Override
	public void handle(ByteBuffer message, MessageContext context) throws IOException {
		Session session = context.state(Session::new);
		session.requests++;
		String[] words = StandardCharsets.UTF_8.decode(message).toString().split(" ", 3);
		switch (words[0]) {
			case "SET" -> {
				if (words.length < 3) {
					context.reply("ERROR usage: SET key value");
					return;
				}
				this.values.put(words[1], words[2]);
				context.reply("OK");
			}
			case "GET" -> context.reply((words.length > 1) ? this.values.getOrDefault(words[1], "NOT_FOUND")
					: "ERROR usage: GET key");
			case "COUNT" -> context.reply(Integer.toString(session.requests));
			case "QUIT" -> {
				context.reply("BYE");
				context.close();
			}
			default -> context.reply("ERROR unknown command " + words[0]);
		}
	}

	/** What one connection keeps between its lines. */
	private static final class Session {

		private int requests;

	}

}
