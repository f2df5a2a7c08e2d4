package dev.listener.autoconfigure;

import java.util.List;

import dev.listener.socket.ListenSocket;
import dev.listener.socket.Listener;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Registers each socket of a {@link Listener} bean as a {@link ListenSocket} bean, named
 * {@code <listener name>ListenSocket<index>}. How many there are is known only once the address is
 * resolved, so they cannot be declared up front; the listener bean owns and closes them. Beans
 * created before the listener cannot have them injected: they inject the {@link Listener}.
 */
final class ListenSocketRegistrar implements BeanPostProcessor, BeanFactoryAware {

	private ConfigurableListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof Listener listener) {
			List<ListenSocket> sockets = listener.sockets();
			for (int i = 0; i < sockets.size(); i++) {
				String name = listener.name() + "ListenSocket" + i;
				if (!this.beanFactory.containsBean(name)) {
					this.beanFactory.registerSingleton(name, sockets.get(i));
				}
			}
		}
		return bean;
	}

}
