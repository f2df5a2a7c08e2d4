package dev.listener.pipeline;

/**
 * The {@link ClientLimits} of each listener, by name: where the engines' pipelines, the meters and
 * the {@code listeners} endpoint find the same instance, and so the same table of clients.
 */
@FunctionalInterface
public interface ClientLimitsByListener {

	/** No listener has a limit. */
	ClientLimitsByListener NONE = (listenerName) -> ClientLimits.OFF;

	/**
	 * @param listenerName a listener's name
	 * @return its limits, {@link ClientLimits#OFF} when it has none
	 */
	ClientLimits of(String listenerName);

}
