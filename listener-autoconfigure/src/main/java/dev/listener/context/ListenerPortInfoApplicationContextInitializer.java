package dev.listener.context;

import java.util.HashMap;
import java.util.Map;

import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Publishes the actual port of each listener, as Boot publishes {@code local.server.port}:
 * {@code local.listener.port} for the default listener and {@code local.listener.<name>.port} for
 * named ones. Registered in {@code spring.factories}; tests inject it with
 * {@link dev.listener.test.LocalListenerPort @LocalListenerPort} and
 * {@code @LocalListenerPort("name")}, which this initializer teaches the context to resolve.
 */
public class ListenerPortInfoApplicationContextInitializer
		implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final String PROPERTY_SOURCE_NAME = "server.ports";

	@Override
	public void initialize(ConfigurableApplicationContext applicationContext) {
		applicationContext.addApplicationListener(new PortPublisher(applicationContext));
		// a @SpringBootTest's context has still the simple resolver here; the annotation config set
		// up later keeps a resolver that is already a ContextAnnotationAutowireCandidateResolver
		if (applicationContext.getBeanFactory() instanceof DefaultListableBeanFactory beanFactory
				&& (beanFactory.getAutowireCandidateResolver().getClass() == ContextAnnotationAutowireCandidateResolver.class
						|| beanFactory.getAutowireCandidateResolver().getClass() == SimpleAutowireCandidateResolver.class)) {
			beanFactory.setAutowireCandidateResolver(new LocalListenerPortResolver());
		}
	}

	static String propertyName(String listenerName) {
		return ListenerSpec.DEFAULT_NAME.equals(listenerName) ? "local.listener.port"
				: "local.listener." + listenerName + ".port";
	}

	private static final class PortPublisher implements ApplicationListener<ListenerInitializedEvent> {

		private final ConfigurableApplicationContext applicationContext;

		PortPublisher(ConfigurableApplicationContext applicationContext) {
			this.applicationContext = applicationContext;
		}

		@Override
		public void onApplicationEvent(ListenerInitializedEvent event) {
			Listener listener = event.getListener();
			// a unix listener has a path, no port
			if (listener.port() >= 0) {
				setPortProperty(this.applicationContext, propertyName(listener.name()), listener.port());
			}
		}

		private void setPortProperty(ApplicationContext context, String name, int port) {
			if (context instanceof ConfigurableApplicationContext configurable) {
				setPortProperty(configurable.getEnvironment(), name, port);
			}
			if (context.getParent() != null) {
				setPortProperty(context.getParent(), name, port);
			}
		}

		@SuppressWarnings("unchecked")
		private void setPortProperty(ConfigurableEnvironment environment, String name, int port) {
			MutablePropertySources sources = environment.getPropertySources();
			PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
			if (source == null) {
				source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
				sources.addFirst(source);
			}
			((Map<String, Object>) source.getSource()).put(name, port);
		}

	}

}
