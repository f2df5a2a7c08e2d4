package dev.listener.engine;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

/**
 * An engine as the selection of each listener's handler sees it: its name as
 * {@code listener.engine} spells it, the handler bean types it runs, the listeners it can serve,
 * and how it serves one. The blocking engine and (when Netty is on the class path) the Netty engine
 * are each one such bean; another engine is one more bean, and the selection does not change. For
 * engines, not applications.
 * <p>
 * The beans are taken in order ({@link org.springframework.core.Ordered}): with
 * {@code engine: auto}, a listener is served by the first engine that supports it and has beans of
 * its own handler type for it; failing that, a
 * {@link dev.listener.handler.MessageHandler MessageHandler} is served by the engine of the highest
 * {@link #messagePreference()} among those that run one and support the listener. A listener no
 * handler serves is held by the first engine, the blocking one.
 */
public interface ListenerEngineProvider {

	/**
	 * @return the engine's name as {@code listener.engine} spells it, lower case: {@code blocking},
	 * {@code netty}; never {@code auto}
	 */
	String name();

	/** @return the engine's name in a sentence, such as {@code Netty} in "the Netty engine" */
	String displayName();

	/**
	 * @param listener a listener
	 * @return whether this engine can serve it (its socket type and family)
	 */
	boolean supports(Listener listener);

	/** @return the listeners it supports, in a sentence: {@code tcp, udp and unix stream listeners} */
	String supported();

	/**
	 * @return every handler bean type it runs, for reports: its own ones, and
	 * {@link dev.listener.handler.MessageHandler} when it runs message handlers
	 */
	List<Class<?>> handlerTypes();

	/**
	 * @param listener a listener it supports
	 * @return the handler bean type of its own that serves that listener's socket type, {@code null}
	 * for none
	 */
	@Nullable Class<?> handlerType(Listener listener);

	/**
	 * @return how much this engine wants a message handler's listeners under {@code engine: auto}:
	 * the highest of the engines that run one and support the listener serves it
	 */
	default int messagePreference() {
		return 0;
	}

	/**
	 * How the engine serves a listener; nothing runs before the engine starts.
	 * @param request the listener, its settings and its handler
	 * @return the listener as served
	 * @throws RuntimeException from {@link Request#invalid(String, String)} when a property of
	 * the listener does not fit this engine
	 */
	ServedListener serve(Request request);

	/**
	 * Called once every listener is served, with those this engine serves with a handler, so that it
	 * can check what they need together (the Netty engine chooses its transport).
	 * @param served the listeners it serves, never empty
	 */
	default void served(List<ServedListener> served) {
	}

	/**
	 * What an engine is given to serve one listener.
	 */
	interface Request {

		/** @return the listener */
		Listener listener();

		/** @return its settings */
		ServerSettings settings();

		/**
		 * @return its handler, of one of {@link #handlerTypes()}; {@code null} when none serves it and the
		 * engine only holds its sockets
		 */
		@Nullable Object handler();

		/** @return whether its message handler is declared blocking ({@code message.blocking}) */
		boolean blockingHandler();

		/** @return whether its connections run on virtual threads ({@code spring.threads.virtual.enabled}) */
		boolean virtualThreads();

		/** @return its {@code threads.max}: the platform threads of its own, without virtual threads */
		int maxThreads();

		/**
		 * @return creates the listener's own threads: a virtual thread per task, or a pool of
		 * {@link #maxThreads()} platform threads
		 * @throws RuntimeException naming {@code threads.max} when it is below 1 without virtual threads
		 */
		Supplier<Executor> threads();

		/**
		 * @param property a listener property, such as {@code engine}
		 * @return its full name for this listener, such as {@code listener.sockets.admin.engine}
		 */
		String property(String property);

		/**
		 * @param property a listener property, such as {@code framing.type}
		 * @param reason what is wrong and what to do
		 * @return the startup failure naming the property, its value and the reason, to throw
		 */
		RuntimeException invalid(String property, String reason);

	}

}
