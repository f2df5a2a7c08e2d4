package dev.listener.autoconfigure;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.context.ListenerBootstrap;
import dev.listener.socket.AddressResolver;
import dev.listener.socket.ListenSocketCustomizer;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.Listener;
import dev.listener.socket.Listeners;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SystemAddressResolver;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Opens the listeners configured under {@code listener.*}: resolves them like getaddrinfo, binds
 * their sockets while the context refreshes (all of them or, when one fails, none, so a bad socket
 * fails startup), and closes them with the context. {@link ListenerBeanRegistrar} declares a
 * {@code Listener} bean per listener and a {@code ListenSocket} bean per socket.
 */
@AutoConfiguration
@ConditionalOnListenerEnabled
@EnableConfigurationProperties(ListenerProperties.class)
@Import(ListenerBeanRegistrar.class)
public final class ListenerAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ListenerAutoConfiguration.class);

	@Bean
	@ConfigurationPropertiesBinding
	static HintValueConverter listenerHintValueConverter() {
		return new HintValueConverter();
	}

	@Bean
	@ConfigurationPropertiesBinding
	static InheritingListenerConverter listenerInheritingListenerConverter() {
		return new InheritingListenerConverter();
	}

	@Bean
	@ConditionalOnMissingBean
	AddressResolver addressResolver() {
		return new SystemAddressResolver();
	}

	@Bean
	@ConditionalOnMissingBean
	SocketOpener socketOpener(AddressResolver addressResolver, ObjectProvider<ListenSocketCustomizer> customizers) {
		return new SocketOpener(addressResolver, customizers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean({ Listeners.class, Listener.class })
	Listeners listeners(SocketOpener socketOpener, ConfiguredListeners configured) throws ListenSocketException {
		Listeners listeners = socketOpener
			.openAll(configured.all().stream().map(ConfiguredListener::spec).toList());
		if (!listeners.unclaimedInherited().isEmpty() && logger.isWarnEnabled()) {
			logger.warn("systemd passed sockets that no listener takes: "
					+ String.join(", ", listeners.unclaimedInherited()) + ". They stay open and unserved, and "
					+ "connections to them wait in vain: give a listener inherited: systemd with that name (or "
					+ "inherited-name), or remove them from the .socket unit.");
		}
		return listeners;
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerBootstrap listenerBootstrap(ApplicationEventPublisher publisher, ObjectProvider<Listener> listeners) {
		return new ListenerBootstrap(publisher, listeners.orderedStream().toList());
	}

}
