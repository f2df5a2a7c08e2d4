package dev.listener.engine.netty;

import java.util.concurrent.atomic.AtomicReference;

import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.blocking.ServerNameTlsServingTests;
import dev.listener.engine.blocking.TestHandlers;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every server name and ALPN test again, on the Netty engine with its NIO transport and the JDK's TLS. */
class NettyServerNameTlsServingTests extends ServerNameTlsServingTests {

	@Override
	protected ApplicationContextRunner runnerWithoutHost() {
		return super.runnerWithoutHost().withPropertyValues("listener.engine=netty", "listener.netty.threads=2",
				"listener.netty.transport=nio", "listener.ssl.provider=" + provider());
	}

	/** @return the value of listener.ssl.provider */
	protected String provider() {
		return "jdk";
	}

	@Override
	protected String expectedProvider() {
		return provider();
	}

	@Override
	protected TestHandlers handlers() {
		return new NettyTestHandlers();
	}

	/** A handler in the pipeline sees the name on the {@code SslHandler}'s session, the protocol on the handler. */
	@Override
	protected ApplicationContextRunner recordingNames(ApplicationContextRunner runner, AtomicReference<String> seen) {
		NettyConnectionInitializer recording = (channel) -> channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {

			@Override
			public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
				if (event instanceof SslHandshakeCompletionEvent completion && completion.isSuccess()) {
					SslHandler tls = ctx.pipeline().get(SslHandler.class);
					seen.compareAndSet(null, describe(tls.engine().getSession(), tls.applicationProtocol()));
				}
				ctx.fireUserEventTriggered(event);
			}

		});
		return runner.withBean(NettyConnectionInitializer.class, () -> recording);
	}

}
