package dev.listener.autoconfigure;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.listener.engine.ListenerEngineFactory;
import dev.listener.engine.ListenerEngineProvider;
import dev.listener.engine.ServedListener;
import dev.listener.engine.netty.NettyConnectionInitializer;
import dev.listener.engine.netty.NettyDatagramInitializer;
import dev.listener.engine.netty.NettyEngines;
import dev.listener.engine.netty.NettyMessages;
import dev.listener.engine.netty.NettyTransport;
import dev.listener.handler.MessageHandler;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Tls;
import dev.listener.socket.Listener;
import io.netty.handler.ssl.OpenSsl;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * The Netty engine over {@link NettyEngines}: Netty initializer beans, and {@link MessageHandler}
 * beans (which it prefers to the blocking engine under {@code engine: auto}), on the event loops
 * shared by every listener it serves; tcp, udp and unix stream listeners (unix on epoll, through
 * Netty's domain socket channels, and on NIO, through the JDK's unix channels). Loaded only when
 * Netty is on the class path.
 */
final class NettyEngineProvider implements ListenerEngineProvider, Ordered {

	private static final Log logger = LogFactory.getLog(NettyEngineProvider.class);

	private final NettyEngines engines;

	private final NettyTransport requested;

	private final @Nullable ClassLoader classLoader;

	NettyEngineProvider(NettyEngines engines, NettyTransport requested, @Nullable ClassLoader classLoader) {
		this.engines = engines;
		this.requested = requested;
		this.classLoader = classLoader;
	}

	@Override
	public String name() {
		return "netty";
	}

	@Override
	public String displayName() {
		return "Netty";
	}

	@Override
	public boolean supports(Listener listener) {
		SocketAddress address = listener.sockets().get(0).localAddress();
		return (listener.isStream() || listener.isDatagram()) && address instanceof InetSocketAddress
				|| listener.isStream() && address instanceof UnixDomainSocketAddress;
	}

	@Override
	public String supported() {
		return "tcp, udp and unix stream listeners";
	}

	@Override
	public List<Class<?>> handlerTypes() {
		return List.of(NettyConnectionInitializer.class, NettyDatagramInitializer.class, MessageHandler.class);
	}

	@Override
	public @Nullable Class<?> handlerType(Listener listener) {
		return listener.isStream() ? NettyConnectionInitializer.class : NettyDatagramInitializer.class;
	}

	@Override
	public int messagePreference() {
		return 1;
	}

	@Override
	public ServedListener serve(Request request) {
		requireNettyModules(request);
		boolean stream = request.listener().isStream();
		Object handler = request.handler();
		ListenerEngineFactory engine;
		if (handler instanceof MessageHandler message) {
			Supplier<Executor> blocking = request.blockingHandler() ? request.threads() : null;
			engine = stream ? this.engines.connections(NettyMessages.connections(message, blocking))
					: this.engines.datagrams(NettyMessages.datagrams(message, blocking));
		}
		else {
			engine = stream ? this.engines.connections((NettyConnectionInitializer) handler)
					: this.engines.datagrams((NettyDatagramInitializer) handler);
		}
		// the event loops run its connections: no executor of its own
		return new ServedListener(request.listener(), null, null, request.settings(), () -> Runnable::run, engine);
	}

	/** Chooses the transport for the listeners it serves. */
	@Override
	public void served(List<ServedListener> served) {
		boolean streams = served.stream().anyMatch((listener) -> listener.listener().isStream());
		try {
			this.engines.select(streams);
		}
		catch (NettyEngines.UnavailableTransportException ex) {
			throw new InvalidConfigurationPropertyValueException("listener.netty.transport",
					PropertyChecks.lower(this.requested), ex.getMessage());
		}
	}

	/**
	 * The Netty engine runs the pipeline's steps with Netty's own handlers, in modules an
	 * application with only netty-transport lacks: refused at startup rather than at the first
	 * connection.
	 */
	private void requireNettyModules(Request request) {
		ConnectionPipeline pipeline = request.settings().pipeline();
		if (pipeline.proxyProtocol().isOn()
				&& !ClassUtils.isPresent("io.netty.handler.codec.haproxy.HAProxyMessageDecoder", this.classLoader)) {
			throw missingNettyModule(request, "proxy-protocol.mode", "the PROXY protocol", "netty-codec-haproxy");
		}
		if (pipeline.tls() != null && !ClassUtils.isPresent("io.netty.handler.ssl.SslHandler", this.classLoader)) {
			throw missingNettyModule(request, "ssl.bundle", "TLS", "netty-handler");
		}
		if (pipeline.tls() != null && pipeline.tls().provider() == Tls.Provider.OPENSSL) {
			requireOpenSsl(request);
		}
		if (pipeline.tls() != null && pipeline.tls().provider() == Tls.Provider.AUTO) {
			warnWhenOpenSslDoesNotLoad(request);
		}
		if (pipeline.framing().isOn()
				&& !ClassUtils.isPresent("io.netty.handler.codec.LineBasedFrameDecoder", this.classLoader)) {
			throw missingNettyModule(request, "framing.type", "frames", "netty-codec-base (it comes with netty-handler)");
		}
	}

	/** {@code ssl.provider: openssl} needs netty-tcnative, and its natives for this platform. */
	private void requireOpenSsl(Request request) {
		if (!isTcnativePresent()) {
			throw request.invalid("ssl.provider", "OpenSSL on the Netty engine comes from "
					+ "io.netty:netty-tcnative-boringssl-static, which is not on the class path: add it (its version "
					+ "is in Spring Boot's dependency management), or set " + request.property("ssl.provider")
					+ " to jdk or auto.");
		}
		if (!OpenSsl.isAvailable()) {
			throw request.invalid("ssl.provider", "netty-tcnative is on the class path but OpenSSL did not load: "
					+ OpenSslUnavailability.of(OpenSsl.unavailabilityCause()).explanation() + "Or set "
					+ request.property("ssl.provider")
					+ " to jdk (or auto, which takes the JDK's when OpenSSL does not load).");
		}
	}

	/**
	 * {@code ssl.provider: auto} takes the JDK's when OpenSSL does not load: said once per listener
	 * when tcnative is there, since then the application asked for OpenSSL by adding it.
	 */
	private void warnWhenOpenSslDoesNotLoad(Request request) {
		if (isTcnativePresent() && !OpenSsl.isAvailable()
				&& logger.isWarnEnabled()) {
			logger.warn("Listener '" + request.listener().name() + "' serves TLS on the JDK's SSLEngine, not on "
					+ "OpenSSL: " + request.property("ssl.provider") + " is auto and netty-tcnative is on the class "
					+ "path, but OpenSSL did not load: "
					+ OpenSslUnavailability.of(OpenSsl.unavailabilityCause()).explanation() + "Set "
					+ request.property("ssl.provider")
					+ " to jdk to serve on the JDK's without this warning.");
		}
	}

	private boolean isTcnativePresent() {
		return ClassUtils.isPresent("io.netty.internal.tcnative.SSL", this.classLoader);
	}

	private static RuntimeException missingNettyModule(Request request, String property, String what, String module) {
		return request.invalid(property, "The Netty engine reads " + what + " with io.netty:" + module
				+ ", which is not on the class path: add it, or set " + request.property("engine") + " to blocking.");
	}

	/** After the blocking engine: its handlers win under {@code engine: auto}. */
	@Override
	public int getOrder() {
		return 0;
	}

}
