package dev.listener.autoconfigure;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.listener.engine.ListenerEngineFactory;
import dev.listener.engine.netty.NettyConnectionInitializer;
import dev.listener.engine.netty.NettyDatagramInitializer;
import dev.listener.engine.netty.NettyEngines;
import dev.listener.engine.netty.NettyMessages;
import dev.listener.engine.netty.NettyTransport;
import dev.listener.handler.MessageHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * {@link NettySupport} over {@link NettyEngines}; loaded only when Netty is on the class path.
 */
final class NettyEngineSupport implements NettySupport {

	private final NettyEngines engines;

	private final NettyTransport requested;

	NettyEngineSupport(NettyEngines engines, NettyTransport requested) {
		this.engines = engines;
		this.requested = requested;
	}

	@Override
	public Class<?> handlerType(boolean stream) {
		return stream ? NettyConnectionInitializer.class : NettyDatagramInitializer.class;
	}

	@Override
	public ListenerEngineFactory engine(Object handler, boolean stream) {
		return stream ? this.engines.connections((NettyConnectionInitializer) handler)
				: this.engines.datagrams((NettyDatagramInitializer) handler);
	}

	@Override
	public ListenerEngineFactory messages(MessageHandler handler, boolean stream, @Nullable Supplier<Executor> blocking) {
		return stream ? this.engines.connections(NettyMessages.connections(handler, blocking))
				: this.engines.datagrams(NettyMessages.datagrams(handler, blocking));
	}

	@Override
	public NettyTransport selectTransport(boolean streams) {
		try {
			return this.engines.select(streams);
		}
		catch (NettyEngines.UnavailableTransportException ex) {
			throw new InvalidConfigurationPropertyValueException("listener.netty.transport",
					PropertyChecks.lower(this.requested), ex.getMessage());
		}
	}

}
