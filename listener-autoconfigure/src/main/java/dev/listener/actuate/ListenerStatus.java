package dev.listener.actuate;

import dev.listener.engine.ServingState;
import dev.listener.engine.ServingStates;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

/**
 * How a listener is doing, judged once for health and the endpoint alike: a closed socket or a
 * dead or stopped accept loop makes it down.
 *
 * @param state the state
 * @param reason why it is down, {@code null} when up
 * @param error what killed its accept loop, if that is why
 */
record ListenerStatus(State state, @Nullable String reason, @Nullable Throwable error) {

	static ListenerStatus of(Listener listener, ServingStates states) {
		for (ListenSocket socket : listener.sockets()) {
			if (!socket.isOpen()) {
				return new ListenerStatus(State.CLOSED, "socket " + socket + " is closed", null);
			}
		}
		ServingState serving = states.of(listener);
		if (serving == null) {
			return new ListenerStatus(State.BOUND, null, null);
		}
		return switch (serving.status()) {
			case HOLDING -> new ListenerStatus(State.HOLDING, null, null);
			case RUNNING -> new ListenerStatus(State.SERVING, null, null);
			case STOPPED -> new ListenerStatus(State.STOPPED, "accept loop stopped", null);
			case FAILED -> new ListenerStatus(State.FAILED, "accept loop died", serving.failure());
		};
	}

	boolean isUp() {
		return this.state == State.BOUND || this.state == State.HOLDING || this.state == State.SERVING;
	}

	/** @return the state as shown in JSON, {@code bound} */
	String stateName() {
		return Names.lower(this.state);
	}

	enum State {

		/** Every socket open, no engine serving them. */
		BOUND,

		/** Every socket open, held for accepting by hand: no handler bean for the socket type. */
		HOLDING,

		/** Every socket open, the accept loop running. */
		SERVING,

		/** A socket is closed. */
		CLOSED,

		/** The accept loop was stopped. */
		STOPPED,

		/** The accept loop died. */
		FAILED

	}

}
