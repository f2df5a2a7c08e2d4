package dev.listener.engine;

/**
 * Creates the engine serving a listener other than the blocking one, such as the Netty engine.
 */
@FunctionalInterface
public interface ListenerEngineFactory {

	/**
	 * Creates the engine; nothing runs before {@link ListenerEngine#start()}.
	 * @param served the listener and its settings
	 * @return the engine
	 */
	ListenerEngine create(ServedListener served);

}
