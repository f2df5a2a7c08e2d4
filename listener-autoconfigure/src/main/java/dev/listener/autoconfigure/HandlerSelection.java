package dev.listener.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.engine.ListenerEngineProvider;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;
import dev.listener.handler.MessageHandler;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Picks the handler bean of each listener, and with it the engine, from the engines there are
 * ({@link ListenerEngineProvider} beans, in order): the bean its {@code handler} property names,
 * else the only (or primary) bean of the handler type its socket type and engine need, else none
 * (the first engine, the blocking one, holds its sockets; with {@code listener.engine} set while
 * another engine's handler bean would serve the listener, startup stops instead). A handler of an engine's own type
 * ({@link ConnectionHandler}, {@link DatagramHandler} on the blocking engine, a Netty initializer on
 * the Netty engine) runs on that engine; with {@code engine: auto} the first engine in order that
 * supports the listener and has beans of its own type for it serves it, so the Netty engine serves
 * a listener only when a Netty initializer and no blocking handler serves its socket type. A
 * {@link MessageHandler} runs on any engine that runs message handlers: it serves a listener that no
 * handler of an engine's own type serves, on the engine {@code listener.engine} names, or under
 * {@code auto} on the one that prefers it most among those supporting the listener (Netty for tcp,
 * udp and unix stream listeners when it is on the class path). Every other case stops startup with a report that names
 * the property and the handler beans there are.
 */
final class HandlerSelection {

	private static final String AUTO = "auto";

	private final ListableBeanFactory beanFactory;

	private final List<ListenerEngineProvider> engines;

	/**
	 * @param beanFactory where the handler beans are
	 * @param engines the engines, in order, the blocking one first
	 */
	HandlerSelection(ListableBeanFactory beanFactory, List<ListenerEngineProvider> engines) {
		this.beanFactory = beanFactory;
		this.engines = engines;
	}

	/**
	 * The handler serving a listener.
	 * @param listener the listener
	 * @param configured its properties
	 * @return its handler, on its engine
	 */
	Selected select(Listener listener, ConfiguredListener configured) {
		ListenerEngineProvider fixed = fixedEngine(listener, configured);
		if (!listener.isStream() && !listener.isDatagram()) {
			return none();
		}
		String name = configured.properties().getHandler();
		if (name != null) {
			return named(listener, configured, name, fixed);
		}
		ListenerEngineProvider own = fixed;
		if (own == null) {
			for (ListenerEngineProvider engine : this.engines) {
				Class<?> type = engine.supports(listener) ? engine.handlerType(listener) : null;
				if (type != null && this.beanFactory.getBeanNamesForType(type).length > 0) {
					own = engine;
					break;
				}
			}
		}
		Class<?> ownType = (own != null) ? own.handlerType(listener) : null;
		Object handler = (ownType != null) ? unique(configured, ownType) : null;
		if (handler != null) {
			return new Selected(own, handler);
		}
		Object message = unique(configured, MessageHandler.class);
		ListenerEngineProvider engine = (message != null) ? messageEngine(listener, fixed) : null;
		if (engine != null) {
			return new Selected(engine, message);
		}
		if (fixed != null) {
			refuseHandlersOfOtherEngines(listener, configured, fixed);
		}
		return none();
	}

	/**
	 * With {@code listener.engine} set, a listener that its engine has no handler for, while another
	 * engine's handler bean would serve it, stops startup: holding its sockets unserved, connections
	 * would wait in vain behind the handler bean the user wrote.
	 */
	private void refuseHandlersOfOtherEngines(Listener listener, ConfiguredListener configured,
			ListenerEngineProvider fixed) {
		List<String> others = new ArrayList<>();
		for (ListenerEngineProvider engine : this.engines) {
			Class<?> type = (engine != fixed && engine.supports(listener)) ? engine.handlerType(listener) : null;
			String[] names = (type != null) ? this.beanFactory.getBeanNamesForType(type) : new String[0];
			if (names.length > 0) {
				others.add(type.getSimpleName() + " bean" + ((names.length != 1) ? "s " : " ") + String.join(", ", names)
						+ " of the " + engine.displayName() + " engine");
			}
		}
		if (others.isEmpty()) {
			return;
		}
		Class<?> ownType = fixed.handlerType(listener);
		List<String> runs = new ArrayList<>();
		if (ownType != null) {
			runs.add(ownType.getSimpleName());
		}
		if (runsMessages(fixed, listener)) {
			runs.add(MessageHandler.class.getSimpleName());
		}
		String kind = listener.isStream() ? "stream" : "dgram";
		String property = configured.names().name("engine");
		throw new InvalidConfigurationPropertyValueException(property, fixed.name(), "Listener '" + configured.name()
				+ "' would serve nothing: the " + fixed.displayName() + " engine runs "
				+ (runs.isEmpty() ? "no handler" : "a " + String.join(" or a ", runs) + " bean") + " for a " + kind
				+ " listener, and there is none, while " + String.join(" and ", others) + " would serve it. Choose "
				+ String.join(" or ", otherEngineNames(listener, fixed)) + ", or declare a "
				+ (runs.isEmpty() ? "handler" : String.join(" or a ", runs)) + " bean.");
	}

	/**
	 * Why no handler serves a listener, and which bean would, on the engine {@code listener.engine}
	 * names or, under {@code auto}, on any engine that supports it: the end of its startup line.
	 * @param listener a listener {@link #select} found no handler for
	 * @param configured its properties
	 * @return such as {@code no handler bean serves a stream listener; declare a ConnectionHandler
	 * or a MessageHandler bean to serve it, or accept its connections from its Listener bean}
	 */
	String unserved(Listener listener, ConfiguredListener configured) {
		if (!listener.isStream() && !listener.isDatagram()) {
			return "no engine serves " + listener.sockets().get(0) + "; accept its connections from its Listener bean";
		}
		ListenerEngineProvider fixed = fixedEngine(listener, configured);
		Set<String> types = new LinkedHashSet<>();
		boolean messages = false;
		for (ListenerEngineProvider engine : this.engines) {
			if ((fixed == null || engine == fixed) && engine.supports(listener)) {
				Class<?> type = engine.handlerType(listener);
				if (type != null) {
					types.add(type.getSimpleName());
				}
				messages |= runsMessages(engine, listener);
			}
		}
		if (messages) {
			types.add(MessageHandler.class.getSimpleName());
		}
		String kind = listener.isStream() ? "stream" : "datagram";
		String engine = (fixed != null)
				? " on the " + fixed.displayName() + " engine (" + configured.names().name("engine") + "=" + fixed.name() + ")"
				: "";
		String byHand = (listener.isStream() ? "accept its connections" : "receive its datagrams")
				+ " from its Listener bean";
		if (types.isEmpty()) {
			// an engine of the application's own that runs no handler for this socket type
			return "no handler bean serves a " + kind + " listener" + engine + ", which runs none for it; "
					+ ((fixed != null) ? "choose " + String.join(" or ", otherEngineNames(listener, fixed)) + ", or " : "")
					+ byHand;
		}
		List<String> beans = new ArrayList<>(types);
		String last = beans.remove(beans.size() - 1);
		String declare = (beans.isEmpty() ? "a " : "a " + String.join(", a ", beans) + " or a ") + last;
		return "no handler bean serves a " + kind + " listener" + engine + "; declare " + declare
				+ " bean to serve it, or " + byHand;
	}

	private List<String> otherEngineNames(Listener listener, ListenerEngineProvider fixed) {
		List<String> names = new ArrayList<>();
		for (ListenerEngineProvider engine : this.engines) {
			if (engine != fixed && engine.supports(listener)) {
				names.add(engine.name());
			}
		}
		names.add(AUTO);
		return names;
	}

	/**
	 * @return the engine {@code listener.engine} names, {@code null} for {@code auto}
	 * @throws InvalidConfigurationPropertyValueException when there is no such engine or it does not
	 * support the listener
	 */
	private @Nullable ListenerEngineProvider fixedEngine(Listener listener, ConfiguredListener configured) {
		String value = configured.properties().getEngine();
		String name = value.trim().toLowerCase(Locale.ROOT);
		if (name.equals(AUTO)) {
			return null;
		}
		String property = configured.names().name("engine");
		ListenerEngineProvider fixed = this.engines.stream()
			.filter((engine) -> engine.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new InvalidConfigurationPropertyValueException(property, value,
					AbsentEngines.reason(name, this.engines)));
		if (!fixed.supports(listener)) {
			List<String> others = otherEngineNames(listener, fixed);
			throw new InvalidConfigurationPropertyValueException(property, fixed.name(),
					"The " + fixed.displayName() + " engine serves " + fixed.supported() + ", and listener '"
							+ configured.name() + "' is " + listener.sockets().get(0) + ": choose "
							+ String.join(" or ", others) + ".");
		}
		return fixed;
	}

	/** The engine of a message handler: the one named, else the one that prefers it most. */
	private @Nullable ListenerEngineProvider messageEngine(Listener listener, @Nullable ListenerEngineProvider fixed) {
		if (fixed != null) {
			return runsMessages(fixed, listener) ? fixed : null;
		}
		ListenerEngineProvider preferred = null;
		for (ListenerEngineProvider engine : this.engines) {
			if (runsMessages(engine, listener)
					&& (preferred == null || engine.messagePreference() > preferred.messagePreference())) {
				preferred = engine;
			}
		}
		return preferred;
	}

	private static boolean runsMessages(ListenerEngineProvider engine, Listener listener) {
		return engine.handlerTypes().contains(MessageHandler.class) && engine.supports(listener);
	}

	private Selected none() {
		return new Selected(this.engines.get(0), null);
	}

	private Selected named(Listener listener, ConfiguredListener configured, String name,
			@Nullable ListenerEngineProvider fixed) {
		String property = configured.names().name("handler");
		if (!this.beanFactory.containsBean(name)) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"There is no bean named '" + name + "'. " + handlerBeans());
		}
		Object bean = this.beanFactory.getBean(name);
		if (bean instanceof MessageHandler) {
			ListenerEngineProvider engine = messageEngine(listener, fixed);
			if (engine == null && fixed != null) {
				throw engineMismatch(configured, name, bean, fixed.name());
			}
			return new Selected((engine != null) ? engine : this.engines.get(0), bean);
		}
		List<String> servedBy = new ArrayList<>();
		for (ListenerEngineProvider engine : this.engines) {
			Class<?> type = engine.supports(listener) ? engine.handlerType(listener) : null;
			if (type == null) {
				continue;
			}
			if (type.isInstance(bean)) {
				if (fixed != null && fixed != engine) {
					throw engineMismatch(configured, name, bean, fixed.name());
				}
				return new Selected(engine, bean);
			}
			servedBy.add(servedBy.isEmpty() ? type.getSimpleName()
					: "On the " + engine.displayName() + " engine it is served by a " + type.getSimpleName() + ".");
		}
		String others = String.join(" ", servedBy.subList(1, servedBy.size()));
		throw new InvalidConfigurationPropertyValueException(property, name,
				"Listener '" + configured.name() + "' is a " + (listener.isStream() ? "stream" : "dgram")
						+ " listener, served by a " + servedBy.get(0) + ", and bean '" + name + "' is " + kind(bean)
						+ "." + (others.isEmpty() ? "" : " " + others) + " " + handlerBeans());
	}

	/** Says what a bean named as a handler is, in the words of the report. */
	private String kind(Object bean) {
		for (Class<?> type : handlerTypes()) {
			if (type.isInstance(bean)) {
				return "a " + type.getSimpleName();
			}
		}
		return "no handler (" + bean.getClass().getName() + ")";
	}

	private InvalidConfigurationPropertyValueException engineMismatch(ConfiguredListener configured, String name,
			Object bean, String engine) {
		return new InvalidConfigurationPropertyValueException(configured.names().name("engine"), engine,
				"Listener '" + configured.name() + "' is served by bean '" + name + "' (" + configured.names()
					.name("handler") + "), " + kind(bean) + ", which the " + engine
						+ " engine does not run: choose auto, or name a handler bean of the "
						+ engine.toLowerCase(Locale.ROOT) + " engine. " + handlerBeans());
	}

	private @Nullable Object unique(ConfiguredListener configured, Class<?> type) {
		String[] candidates = this.beanFactory.getBeanNamesForType(type);
		if (candidates.length == 0) {
			return null;
		}
		Object unique = this.beanFactory.getBeanProvider(type).getIfUnique();
		if (unique == null) {
			String property = configured.names().name("handler");
			throw new InvalidConfigurationPropertyValueException(property, "(not set)",
					"Listener '" + configured.name() + "' could be served by any of the " + type.getSimpleName()
							+ " beans " + String.join(", ", candidates) + ": set " + property
							+ " to the name of one (or mark one @Primary).");
		}
		return unique;
	}

	/** Every engine's handler types, in the engines' order, each once. */
	private Set<Class<?>> handlerTypes() {
		Set<Class<?>> types = new LinkedHashSet<>();
		for (ListenerEngineProvider engine : this.engines) {
			types.addAll(engine.handlerTypes());
		}
		return types;
	}

	private String handlerBeans() {
		List<String> kinds = new ArrayList<>();
		for (Class<?> type : handlerTypes()) {
			String[] names = this.beanFactory.getBeanNamesForType(type);
			if (names.length > 0) {
				kinds.add(type.getSimpleName() + " beans: " + String.join(", ", names));
			}
		}
		return kinds.isEmpty() ? "There are no handler beans." : String.join("; ", kinds) + ".";
	}

	/**
	 * The handler serving a listener, and its engine.
	 *
	 * @param engine the engine serving it
	 * @param handler a bean of one of its {@link ListenerEngineProvider#handlerTypes()}; {@code null}
	 * when none serves the listener and the engine only holds its sockets
	 */
	record Selected(ListenerEngineProvider engine, @Nullable Object handler) {

	}

}
