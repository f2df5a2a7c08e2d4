package dev.listener.autoconfigure;

import dev.listener.context.ListenerBootstrap;
import dev.listener.socket.AddressResolver;
import dev.listener.socket.ListenSocketCustomizer;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.SocketOpener;
import dev.listener.socket.SystemAddressResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Opens the listener configured under {@code listener.*}: resolves it like getaddrinfo, binds its
 * sockets while the context refreshes (so a bad socket fails startup), and closes them with the
 * context.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "listener.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ListenerProperties.class)
public final class ListenerAutoConfiguration {

	@Bean
	@ConfigurationPropertiesBinding
	static HintValueConverter listenerHintValueConverter() {
		return new HintValueConverter();
	}

	@Bean
	static ListenSocketRegistrar listenSocketRegistrar() {
		return new ListenSocketRegistrar();
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
	@ConditionalOnMissingBean
	Listener listener(SocketOpener socketOpener, ListenerProperties properties) throws ListenSocketException {
		return socketOpener.open(properties.toSpec(ListenerSpec.DEFAULT_NAME));
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerBootstrap listenerBootstrap(ApplicationEventPublisher publisher, ObjectProvider<Listener> listeners) {
		return new ListenerBootstrap(publisher, listeners.orderedStream().toList());
	}

}
