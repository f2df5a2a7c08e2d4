package dev.listener.engine.netty;

import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import dev.listener.engine.blocking.NettyTestHandlers;
import dev.listener.engine.blocking.TestHandlers;
import dev.listener.engine.blocking.TlsServingTests;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every TLS test again, on the Netty engine with its NIO transport and the JDK's TLS. */
class NettyTlsServingTests extends TlsServingTests {

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
	protected TestHandlers handlers() {
		return new NettyTestHandlers();
	}

	/** Reads arrive once the handshake is over, so the first one finds the session complete. */
	@Override
	protected ApplicationContextRunner recordingSession(ApplicationContextRunner runner, AtomicReference<String> seen) {
		NettyConnectionInitializer recording = (channel) -> channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object msg) {
				seen.compareAndSet(null, describe(ctx.pipeline().get(SslHandler.class).engine().getSession()));
				ctx.writeAndFlush(msg);
			}

		});
		return runner.withBean(NettyConnectionInitializer.class, () -> recording);
	}

	/** Its own decoder's wrapping, as Netty's decoders wrap what they throw: it flows on, never back to TLS. */
	@Override
	protected ApplicationContextRunner failingWithItsOwnSslException(ApplicationContextRunner runner) {
		NettyConnectionInitializer failing = (channel) -> channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object msg) {
				ReferenceCountUtil.release(msg);
				throw new DecoderException(new SSLException("the handler's own"));
			}

		});
		return runner.withBean(NettyConnectionInitializer.class, () -> failing);
	}

}
