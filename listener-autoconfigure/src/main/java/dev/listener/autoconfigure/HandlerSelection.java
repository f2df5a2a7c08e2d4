package dev.listener.autoconfigure;

import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.server.ConnectionHandler;
import dev.listener.server.DatagramHandler;
import dev.listener.socket.Listener;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Picks the handler bean of each listener: the bean its {@code handler} property names, else the
 * only (or primary) bean of the handler type its socket type needs, else none (the listener holds
 * its sockets). Every other case stops startup with a report that names the property and the
 * handler beans there are.
 */
final class HandlerSelection {

	private final ListableBeanFactory beanFactory;

	HandlerSelection(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Nullable ConnectionHandler connectionHandler(Listener listener, ConfiguredListener configured) {
		return (listener.sockets().get(0).channel() instanceof ServerSocketChannel)
				? select(configured, ConnectionHandler.class, "stream") : null;
	}

	@Nullable DatagramHandler datagramHandler(Listener listener, ConfiguredListener configured) {
		return (listener.sockets().get(0).channel() instanceof DatagramChannel)
				? select(configured, DatagramHandler.class, "dgram") : null;
	}

	private <T> @Nullable T select(ConfiguredListener configured, Class<T> type, String socketType) {
		String property = configured.names().name("handler");
		String name = configured.properties().getHandler();
		if (name != null) {
			if (!this.beanFactory.containsBean(name)) {
				throw new InvalidConfigurationPropertyValueException(property, name,
						"There is no bean named '" + name + "'. " + handlerBeans());
			}
			Object bean = this.beanFactory.getBean(name);
			if (!type.isInstance(bean)) {
				throw new InvalidConfigurationPropertyValueException(property, name,
						"Listener '" + configured.name() + "' is a " + socketType + " listener, served by a "
								+ type.getSimpleName() + ", and bean '" + name + "' is "
								+ kind(bean) + ". " + handlerBeans());
			}
			return type.cast(bean);
		}
		String[] candidates = this.beanFactory.getBeanNamesForType(type);
		if (candidates.length == 0) {
			return null;
		}
		T unique = this.beanFactory.getBeanProvider(type).getIfUnique();
		if (unique == null) {
			throw new InvalidConfigurationPropertyValueException(property, "(not set)",
					"Listener '" + configured.name() + "' could be served by any of the " + type.getSimpleName()
							+ " beans " + String.join(", ", candidates) + ": set " + property
							+ " to the name of one (or mark one @Primary).");
		}
		return unique;
	}

	private static String kind(Object bean) {
		if (bean instanceof ConnectionHandler) {
			return "a ConnectionHandler";
		}
		return (bean instanceof DatagramHandler) ? "a DatagramHandler" : "no handler (" + bean.getClass().getName() + ")";
	}

	private String handlerBeans() {
		List<String> kinds = new ArrayList<>();
		for (Class<?> type : List.of(ConnectionHandler.class, DatagramHandler.class)) {
			String[] names = this.beanFactory.getBeanNamesForType(type);
			if (names.length > 0) {
				kinds.add(type.getSimpleName() + " beans: " + String.join(", ", names));
			}
		}
		return kinds.isEmpty() ? "There are no handler beans." : String.join("; ", kinds) + ".";
	}

}
