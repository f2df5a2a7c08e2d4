package dev.listener.autoconfigure;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.socket.AddressResolver;
import dev.listener.socket.Family;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Listeners;
import dev.listener.socket.SystemAddressResolver;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Declares a {@link Listener} bean per configured listener, named {@code <name>Listener}, and a
 * {@link ListenSocket} bean per socket, named {@code <name>ListenSocket<index>}, each qualified by
 * the listener's name. Declared up front, they can be injected into any bean like any other; all
 * of them come from the one {@link Listeners} bean, which opens every listener at once. Skipped
 * when the application declares {@code Listener} beans of its own. The definitions are plain
 * factory methods, so that ahead-of-time processing can write them down.
 */
final class ListenerBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private static final String CONFIGURED_LISTENERS = "dev.listener.autoconfigure.configuredListeners";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		RootBeanDefinition configured = new RootBeanDefinition(ConfiguredListeners.class);
		configured.setFactoryMethodName("bind");
		configured.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		registry.registerBeanDefinition(CONFIGURED_LISTENERS, configured);
		ListableBeanFactory beanFactory = (ListableBeanFactory) registry;
		String[] owners = beanFactory.getBeanNamesForType(Listeners.class, true, false);
		if (owners.length == 0 || beanFactory.getBeanNamesForType(Listener.class, true, false).length > 0) {
			return;
		}
		AddressResolver resolver = resolver(beanFactory, registry);
		for (ConfiguredListener listener : ConfiguredListeners.bindQuietly(this.environment).all()) {
			String name = listener.name();
			register(registry, name + "Listener", Listener.class, name, owners[0], "get", name);
			int sockets = expectedSockets(listener.spec(), resolver);
			for (int i = 0; i < sockets; i++) {
				register(registry, name + "ListenSocket" + i, ListenSocket.class, name, owners[0], "socket", name, i);
			}
		}
	}

	/** A bean made by a method of the {@link Listeners} bean, which also closes it. */
	private static void register(BeanDefinitionRegistry registry, String beanName, Class<?> type, String listenerName,
			String owner, String method, Object... arguments) {
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setFactoryBeanName(owner);
		definition.setFactoryMethodName(method);
		definition.setTargetType(type);
		for (int i = 0; i < arguments.length; i++) {
			definition.getConstructorArgumentValues().addIndexedArgumentValue(i, arguments[i]);
		}
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, listenerName));
		definition.setDestroyMethodName("");
		registry.registerBeanDefinition(beanName, definition);
	}

	/**
	 * The resolver the listeners will open with: the application's own {@link AddressResolver} bean
	 * when it declares one (created here, ahead of the other beans, as the sockets are counted
	 * before any bean exists), else getaddrinfo's, as the auto-configuration's default is.
	 */
	private static AddressResolver resolver(ListableBeanFactory beanFactory, BeanDefinitionRegistry registry) {
		String[] names = beanFactory.getBeanNamesForType(AddressResolver.class, true, false);
		if (names.length == 1 && !isAutoConfigured(registry.getBeanDefinition(names[0]))) {
			return beanFactory.getBean(names[0], AddressResolver.class);
		}
		return new SystemAddressResolver();
	}

	private static boolean isAutoConfigured(BeanDefinition definition) {
		return definition instanceof AnnotatedBeanDefinition annotated && annotated.getFactoryMethodMetadata() != null
				&& annotated.getFactoryMethodMetadata()
					.getDeclaringClassName()
					.equals(ListenerAutoConfiguration.class.getName());
	}

	/**
	 * How many sockets a listener will have: one, except with {@code unspec}, which binds every
	 * address the resolution returns. Resolution is the listeners' own, getaddrinfo's unless the
	 * application replaces it, cheap for the literals and wildcards listeners use; a failure is
	 * reported when the listeners open. An inherited listener has the sockets it was passed, known
	 * only when they are taken: its first has a bean.
	 */
	private static int expectedSockets(ListenerSpec spec, AddressResolver resolver) {
		if (spec.hints().family() != Family.UNSPEC || spec.inherited()) {
			return 1;
		}
		try {
			return resolver.resolve(spec).size();
		}
		catch (ListenSocketException ex) {
			return 1;
		}
	}

}
