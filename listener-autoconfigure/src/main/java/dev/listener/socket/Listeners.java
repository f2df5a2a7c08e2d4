package dev.listener.socket;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every listener of an application, opened together by {@link SocketOpener#openAll(List)}: all of
 * them bound, or none. Closing it closes every socket of every listener.
 */
public final class Listeners implements Closeable {

	private final Map<String, Listener> byName = new LinkedHashMap<>();

	private final List<String> unclaimed;

	Listeners(List<Listener> listeners) {
		this(listeners, List.of());
	}

	Listeners(List<Listener> listeners, List<String> unclaimed) {
		this.unclaimed = List.copyOf(unclaimed);
		for (Listener listener : listeners) {
			this.byName.put(listener.name(), listener);
		}
	}

	/** @return the listeners, in the order they were configured */
	/**
	 * The sockets systemd passed to this process (socket activation) that no listener took, such as
	 * {@code fd 5 'admin'}: a listener has no {@code inherited: systemd}, or its name differs.
	 * @return the descriptors with their names, empty when none are left or none were passed
	 */
	public List<String> unclaimedInherited() {
		return this.unclaimed;
	}

	public List<Listener> all() {
		return List.copyOf(this.byName.values());
	}

	/**
	 * The listener of a name.
	 * @param name the name
	 * @return the listener
	 * @throws IllegalArgumentException when there is none of that name
	 */
	public Listener get(String name) {
		Listener listener = this.byName.get(name);
		if (listener == null) {
			throw new IllegalArgumentException("No listener named '" + name + "'; there are " + this.byName.keySet());
		}
		return listener;
	}

	/**
	 * A socket of the listener of a name.
	 * @param name the listener's name
	 * @param index the socket's index among the listener's sockets
	 * @return the socket
	 * @throws IllegalArgumentException when there is no such listener or socket
	 */
	public ListenSocket socket(String name, int index) {
		List<ListenSocket> sockets = get(name).sockets();
		if (index >= sockets.size()) {
			throw new IllegalArgumentException("Listener '" + name + "' has " + sockets.size() + " sockets, no socket "
					+ index + ": was its address resolved differently when the beans were declared (a custom "
					+ "AddressResolver, or an ahead-of-time build with other properties)?");
		}
		return sockets.get(index);
	}

	/**
	 * Closes every listener, going on past failures.
	 * @throws IOException the first failure, with the others suppressed
	 */
	@Override
	public void close() throws IOException {
		IOException failure = Closer.closeAll(new ArrayList<>(this.byName.values()));
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public String toString() {
		return "Listeners " + this.byName.keySet();
	}

}
