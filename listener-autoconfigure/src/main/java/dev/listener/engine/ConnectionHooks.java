package dev.listener.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The starter's hooks on every connection of a listener, in order: see {@link ConnectionObserver}
 * and {@link ConnectionAdmission}. For the starter's features, not applications.
 *
 * @param observers told of each connection's events
 * @param admissions asked whether to serve each connection
 */
public record ConnectionHooks(List<ConnectionObserver> observers, List<ConnectionAdmission> admissions) {

	/** No hooks: nothing is asked or told, and nothing is allocated for them per connection. */
	public static final ConnectionHooks NONE = new ConnectionHooks(List.of(), List.of());

	/**
	 * Copies the lists.
	 */
	public ConnectionHooks {
		observers = List.copyOf(observers);
		admissions = List.copyOf(admissions);
	}

	/**
	 * @param observer an observer told after these ones
	 * @return these hooks and the observer
	 */
	public ConnectionHooks and(ConnectionObserver observer) {
		return new ConnectionHooks(append(this.observers, observer), this.admissions);
	}

	/**
	 * @param admission an admission asked after these ones
	 * @return these hooks and the admission
	 */
	public ConnectionHooks and(ConnectionAdmission admission) {
		return new ConnectionHooks(this.observers, append(this.admissions, admission));
	}

	/** @return whether there is no hook */
	public boolean isEmpty() {
		return this.observers.isEmpty() && this.admissions.isEmpty();
	}

	private static <T> List<T> append(List<T> list, T element) {
		ArrayList<T> appended = new ArrayList<>(list);
		appended.add(element);
		return appended;
	}

}
