package dev.listener.autoconfigure;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.autoconfigure.SocketProperties.Engine;
import dev.listener.handler.ConnectionHandler;
import dev.listener.handler.DatagramHandler;
import dev.listener.handler.MessageHandler;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Picks the handler bean of each listener, and with it the engine: the bean its {@code handler}
 * property names, else the only (or primary) bean of the handler type its socket type and engine
 * need, else none (the listener holds its sockets). A blocking handler ({@link ConnectionHandler},
 * {@link DatagramHandler}) runs on the blocking engine, a Netty initializer on the Netty engine;
 * with {@code engine: auto} the Netty engine serves a listener only when a Netty initializer and no
 * blocking handler serves its socket type. A {@link MessageHandler} runs on either: it serves a
 * listener that no handler of an engine's own type serves, on the Netty engine when Netty can serve
 * the listener (tcp and udp, Netty on the class path) and the engine is not {@code blocking}.
 * Every other case stops startup with a report that names the property and the handler beans there
 * are.
 */
final class HandlerSelection {

	private final ListableBeanFactory beanFactory;

	private final @Nullable NettySupport netty;

	HandlerSelection(ListableBeanFactory beanFactory, @Nullable NettySupport netty) {
		this.beanFactory = beanFactory;
		this.netty = netty;
	}

	/**
	 * The handler serving a listener.
	 * @param listener the listener
	 * @param configured its properties
	 * @return its handler, on its engine
	 */
	Selected select(Listener listener, ConfiguredListener configured) {
		boolean stream = listener.isStream();
		boolean dgram = listener.isDatagram();
		boolean inet = listener.sockets().get(0).localAddress() instanceof InetSocketAddress;
		Engine engine = configured.properties().getEngine();
		NettySupport netty = this.netty;
		if (engine == Engine.NETTY) {
			if (netty == null) {
				throw new InvalidConfigurationPropertyValueException(configured.names().name("engine"), "netty",
						"Netty is not on the class path: add io.netty:netty-transport (and, for epoll, "
								+ "io.netty:netty-transport-native-epoll with the classifier linux-x86_64), "
								+ "or choose blocking or auto.");
			}
			if ((!stream && !dgram) || !inet) {
				throw new InvalidConfigurationPropertyValueException(configured.names().name("engine"), "netty",
						"The Netty engine serves tcp and udp listeners, and listener '" + configured.name()
								+ "' is " + listener.sockets().get(0) + ": choose blocking or auto.");
			}
		}
		Class<?> blockingType = stream ? ConnectionHandler.class : dgram ? DatagramHandler.class : null;
		Class<?> nettyType = (netty != null && inet && (stream || dgram)) ? netty.handlerType(stream) : null;
		if (blockingType == null) {
			return Selected.NONE;
		}
		String socketType = stream ? "stream" : "dgram";
		String name = configured.properties().getHandler();
		if (name != null) {
			return named(configured, name, blockingType, nettyType, socketType, engine);
		}
		boolean useNetty = switch (engine) {
			case BLOCKING -> false;
			case NETTY -> true;
			case AUTO -> nettyType != null && this.beanFactory.getBeanNamesForType(nettyType).length > 0
					&& this.beanFactory.getBeanNamesForType(blockingType).length == 0;
		};
		Object handler = (useNetty && nettyType != null) ? unique(configured, nettyType)
				: unique(configured, blockingType);
		if (handler != null) {
			return useNetty ? new Selected(null, handler) : new Selected(handler, null);
		}
		Object message = unique(configured, MessageHandler.class);
		if (message == null) {
			return Selected.NONE;
		}
		return (nettyType != null && engine != Engine.BLOCKING) ? new Selected(null, message)
				: new Selected(message, null);
	}

	private Selected named(ConfiguredListener configured, String name, Class<?> blockingType,
			@Nullable Class<?> nettyType, String socketType, Engine engine) {
		String property = configured.names().name("handler");
		if (!this.beanFactory.containsBean(name)) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"There is no bean named '" + name + "'. " + handlerBeans());
		}
		Object bean = this.beanFactory.getBean(name);
		if (bean instanceof MessageHandler) {
			return (nettyType != null && engine != Engine.BLOCKING) ? new Selected(null, bean) : new Selected(bean, null);
		}
		if (blockingType.isInstance(bean)) {
			if (engine == Engine.NETTY) {
				throw engineMismatch(configured, name, bean, "netty");
			}
			return new Selected(bean, null);
		}
		if (nettyType != null && nettyType.isInstance(bean)) {
			if (engine == Engine.BLOCKING) {
				throw engineMismatch(configured, name, bean, "blocking");
			}
			return new Selected(null, bean);
		}
		String netty = (nettyType != null)
				? " On the Netty engine it is served by a " + nettyType.getSimpleName() + "." : "";
		throw new InvalidConfigurationPropertyValueException(property, name,
				"Listener '" + configured.name() + "' is a " + socketType + " listener, served by a "
						+ blockingType.getSimpleName() + ", and bean '" + name + "' is " + kind(bean) + "." + netty
						+ " " + handlerBeans());
	}

	/** Says what a bean named as a handler is, in the words of the report. */
	private String kind(Object bean) {
		if (bean instanceof ConnectionHandler) {
			return "a ConnectionHandler";
		}
		if (bean instanceof DatagramHandler) {
			return "a DatagramHandler";
		}
		if (bean instanceof MessageHandler) {
			return "a MessageHandler";
		}
		NettySupport netty = this.netty;
		if (netty != null) {
			for (boolean stream : new boolean[] { true, false }) {
				if (netty.handlerType(stream).isInstance(bean)) {
					return "a " + netty.handlerType(stream).getSimpleName();
				}
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

	private String handlerBeans() {
		List<Class<?>> types = new ArrayList<>(List.of(ConnectionHandler.class, DatagramHandler.class, MessageHandler.class));
		NettySupport netty = this.netty;
		if (netty != null) {
			types.add(netty.handlerType(true));
			types.add(netty.handlerType(false));
		}
		List<String> kinds = new ArrayList<>();
		for (Class<?> type : types) {
			String[] names = this.beanFactory.getBeanNamesForType(type);
			if (names.length > 0) {
				kinds.add(type.getSimpleName() + " beans: " + String.join(", ", names));
			}
		}
		return kinds.isEmpty() ? "There are no handler beans." : String.join("; ", kinds) + ".";
	}

	/**
	 * The handler serving a listener: a blocking one, a Netty one, or none.
	 *
	 * @param blocking a {@link ConnectionHandler}, {@link DatagramHandler} or {@link MessageHandler},
	 * for the blocking engine
	 * @param netty a Netty initializer or a {@link MessageHandler}, for the Netty engine
	 */
	record Selected(@Nullable Object blocking, @Nullable Object netty) {

		static final Selected NONE = new Selected(null, null);

	}

}
