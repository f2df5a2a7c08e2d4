package dev.listener.autoconfigure;

import java.util.function.Supplier;

import dev.listener.autoconfigure.ConfiguredListeners.ConfiguredListener;
import dev.listener.socket.Family;
import dev.listener.socket.ListenSocket;
import dev.listener.socket.ListenSocketException;
import dev.listener.socket.Listener;
import dev.listener.socket.ListenerSpec;
import dev.listener.socket.Listeners;
import dev.listener.socket.SystemAddressResolver;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
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
 * when the application declares {@code Listener} beans of its own.
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
		ConfiguredListeners configured = ConfiguredListeners.bind(this.environment);
		registry.registerBeanDefinition(CONFIGURED_LISTENERS,
				new RootBeanDefinition(ConfiguredListeners.class, () -> configured));
		ListableBeanFactory beanFactory = (ListableBeanFactory) registry;
		String[] owners = beanFactory.getBeanNamesForType(Listeners.class, true, false);
		if (owners.length == 0 || beanFactory.getBeanNamesForType(Listener.class, true, false).length > 0) {
			return;
		}
		for (ConfiguredListener listener : configured.all()) {
			String name = listener.name();
			register(registry, name + "Listener", Listener.class, name, owners,
					() -> listeners(beanFactory).get(name));
			int sockets = expectedSockets(listener.spec());
			for (int i = 0; i < sockets; i++) {
				int index = i;
				register(registry, name + "ListenSocket" + i, ListenSocket.class, name, owners,
						() -> socket(listeners(beanFactory).get(name), index));
			}
		}
	}

	private static <T> void register(BeanDefinitionRegistry registry, String beanName, Class<T> type,
			String listenerName, String[] owners, Supplier<T> supplier) {
		RootBeanDefinition definition = new RootBeanDefinition(type, supplier);
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, listenerName));
		// created from the Listeners bean, destroyed after their users and closed by it
		definition.setDependsOn(owners);
		definition.setDestroyMethodName("");
		registry.registerBeanDefinition(beanName, definition);
	}

	private static Listeners listeners(BeanFactory beanFactory) {
		return beanFactory.getBean(Listeners.class);
	}

	/**
	 * How many sockets a listener will have: one, except with {@code unspec}, which binds every
	 * address the resolution returns. Resolution here is getaddrinfo's, cheap for the literals and
	 * wildcards listeners use; a failure is reported when the listeners open.
	 */
	private static int expectedSockets(ListenerSpec spec) {
		if (spec.hints().family() != Family.UNSPEC) {
			return 1;
		}
		try {
			return new SystemAddressResolver().resolve(spec).size();
		}
		catch (ListenSocketException ex) {
			return 1;
		}
	}

	private static ListenSocket socket(Listener listener, int index) {
		if (index >= listener.sockets().size()) {
			throw new IllegalStateException("Listener '" + listener.name() + "' has " + listener.sockets().size()
					+ " sockets, where the system resolver gave " + (index + 1) + " or more when the beans were "
					+ "declared: does a custom AddressResolver resolve its address differently?");
		}
		return listener.sockets().get(index);
	}

}
