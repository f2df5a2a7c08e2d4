package dev.listener.autoconfigure;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.listener.engine.ListenerEngineFactory;
import dev.listener.engine.netty.NettyTransport;
import dev.listener.handler.MessageHandler;
import org.jspecify.annotations.Nullable;

/**
 * The Netty engine as the auto-configuration sees it, with no Netty type in sight: a bean only when
 * Netty is on the class path, so that nothing else has to load a Netty class to ask.
 */
interface NettySupport {

	/**
	 * @param stream whether for stream listeners (else dgram)
	 * @return the type of the Netty handler beans serving them
	 */
	Class<?> handlerType(boolean stream);

	/**
	 * The engine of a listener served by a Netty handler bean.
	 * @param handler the bean, of {@link #handlerType(boolean)}
	 * @param stream whether the listener is a stream one
	 * @return the factory of its engine
	 */
	ListenerEngineFactory engine(Object handler, boolean stream);

	/**
	 * The engine of a listener served by a message handler bean.
	 * @param handler the bean
	 * @param stream whether the listener is a stream one
	 * @param blocking creates the executor of a blocking handler, {@code null} to run it on the
	 * event loops
	 * @return the factory of its engine
	 */
	ListenerEngineFactory messages(MessageHandler handler, boolean stream, @Nullable Supplier<Executor> blocking);

	/**
	 * Chooses the transport for the listeners it serves.
	 * @param streams whether one of them is a stream listener
	 * @return the transport chosen
	 * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException
	 * when the transport asked for is not available here
	 */
	NettyTransport selectTransport(boolean streams);

}
