package dev.listener.context;

import dev.listener.socket.Listener;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a listener's sockets are bound and the context has started, so that its actual
 * port can be found (the {@code WebServerInitializedEvent} of listeners).
 */
public class ListenerInitializedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an event.
	 * @param listener the listener
	 */
	public ListenerInitializedEvent(Listener listener) {
		super(listener);
	}

	/** @return the listener */
	public Listener getListener() {
		return (Listener) getSource();
	}

}
