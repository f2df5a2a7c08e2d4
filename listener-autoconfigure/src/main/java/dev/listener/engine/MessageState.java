package dev.listener.engine;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What every engine's {@link dev.listener.handler.MessageContext} keeps the same way: the
 * connection's state, created on first use, and whether its handler is running, outside of which a
 * reply is refused. One per connection (per datagram on a dgram listener); used by one thread at a
 * time, as the messages of a connection are handled one at a time.
 */
public final class MessageState {

	private @Nullable Object state;

	private boolean handling;

	/**
	 * The state, created by {@code initial} on the first call.
	 * @param <T> its type
	 * @param initial creates it
	 * @return the state
	 */
	@SuppressWarnings("unchecked")
	public <T> T get(Supplier<? extends T> initial) {
		Object state = this.state;
		if (state == null) {
			state = initial.get();
			this.state = state;
		}
		return (T) state;
	}

	/** Drops the state: a datagram starts with none. */
	public void clear() {
		this.state = null;
	}

	/**
	 * Says whether the handler is running.
	 * @param handling whether it is
	 */
	public void handling(boolean handling) {
		this.handling = handling;
	}

	/**
	 * Refuses a reply outside the handler.
	 * @throws IllegalStateException when the handler is not running
	 */
	public void checkReplying() {
		if (!this.handling) {
			throw new IllegalStateException("A reply is given while the message is handled, from "
					+ "MessageHandler.handle: it has returned");
		}
	}

}
