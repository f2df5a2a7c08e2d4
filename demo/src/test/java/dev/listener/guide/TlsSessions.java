package dev.listener.guide;

import javax.net.ssl.SSLSession;

import dev.listener.engine.netty.NettyConnectionInitializer;
import dev.listener.handler.ConnectionHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * docs/tls.md: the TLS session in a handler, on each engine. Each answers the first bytes with the
 * protocol and the cipher suite. Run by {@link GuideExamplesTests}.
 */
final class TlsSessions {

	private TlsSessions() {
	}

	@Configuration(proxyBeanMethods = false)
	static class Blocking {

		// the handshake is done before handle() runs; reads and writes carry plaintext
		@Bean
		ConnectionHandler whoIsThere() {
			return (connection) -> {
				SSLSession session = connection.tlsSession(); // null on a plain listener
				connection.inputStream().read(); // decrypted
				connection.outputStream().write((session.getProtocol() + " " + session.getCipherSuite() + "\n").getBytes(UTF_8));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Netty {

		// the starter's SslHandler (named "tls") comes before your handlers: data reaches them only
		// after the handshake, and SslHandshakeCompletionEvent passes through them
		@Bean
		NettyConnectionInitializer whoIsThere() {
			return (channel) -> channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
					ReferenceCountUtil.release(msg);
					ctx.writeAndFlush(Unpooled.copiedBuffer(session.getProtocol() + " " + session.getCipherSuite() + "\n", UTF_8));
				}
			});
		}

	}

}
