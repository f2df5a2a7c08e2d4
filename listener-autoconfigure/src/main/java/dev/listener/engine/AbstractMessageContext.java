package dev.listener.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

import dev.listener.handler.MessageContext;
import dev.listener.handler.MessageHandler;
import org.jspecify.annotations.Nullable;

/**
 * What every engine's {@link MessageContext} does the same way, for engines, not applications: it
 * hands each message to the handler, keeps the connection's state (created on first use), and
 * refuses a reply outside the handler; an engine adds the addresses, the writing of a reply and
 * the close. One per connection (per datagram, or per dgram socket, on a dgram listener), used by
 * one thread at a time, as the messages of a connection are handled one at a time.
 */
public abstract class AbstractMessageContext implements MessageContext {

	private @Nullable Object state;

	private boolean handling;

	/**
	 * Hands a message to the handler, with this as its context, which takes replies until it
	 * returns.
	 * @param handler the handler
	 * @param message the message
	 * @throws Exception what the handler threw
	 */
	protected final void handle(MessageHandler handler, ByteBuffer message) throws Exception {
		this.handling = true;
		try {
			handler.handle(message, this);
		}
		finally {
			this.handling = false;
		}
	}

	/** Drops the state: a datagram starts with none. */
	protected final void clearState() {
		this.state = null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public final <T> T state(Supplier<? extends T> initial) {
		Object state = this.state;
		if (state == null) {
			state = initial.get();
			this.state = state;
		}
		return (T) state;
	}

	@Override
	public final void reply(ByteBuffer reply) throws IOException {
		if (!this.handling) {
			throw new IllegalStateException("A reply is given while the message is handled, from "
					+ "MessageHandler.handle: it has returned");
		}
		write(reply);
	}

	/**
	 * Writes a reply, from the handler: as one frame of the listener's framing, as it is without
	 * framing, as a datagram to the sender.
	 * @param reply the reply, from its position to its limit, all of which is taken
	 * @throws IOException when writing fails
	 */
	protected abstract void write(ByteBuffer reply) throws IOException;

}
