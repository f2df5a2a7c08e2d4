package dev.listener.engine.netty;

import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Before an OpenSSL {@code SslHandler} with ALPN: reads the application protocols the ClientHello
 * offers, and refuses a client that offers some and none of the listener's with the fatal alert
 * {@code no_application_protocol} (RFC 7301), as the JDK's engine does; netty-tcnative would go on
 * without ALPN. The handshake's handler counts the refusal. A client that offers none, or bytes
 * that are no ClientHello, go on to the {@code SslHandler} as they came, and this handler leaves.
 */
final class AlpnRefusal extends SslClientHelloHandler<Boolean> {

	/** TLS extension {@code application_layer_protocol_negotiation}. */
	private static final int ALPN = 16;

	/** A plaintext alert record: fatal (2), no_application_protocol (120). */
	private static final byte[] ALERT = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x78 };

	private final List<String> protocols;

	AlpnRefusal(List<String> protocols) {
		this.protocols = protocols;
	}

	@Override
	protected Future<Boolean> lookup(ChannelHandlerContext ctx, @Nullable ByteBuf clientHello) {
		return ctx.executor().newSucceededFuture(clientHello != null && refuses(clientHello));
	}

	@Override
	protected void onLookupComplete(ChannelHandlerContext ctx, Future<Boolean> refused) {
		if (Boolean.TRUE.equals(refused.getNow())) {
			ctx.writeAndFlush(Unpooled.wrappedBuffer(ALERT));
			ctx.fireExceptionCaught(new SSLHandshakeException(
					"no_application_protocol: the client offered none of the application protocols " + this.protocols));
		}
		else {
			ctx.pipeline().remove(this);
		}
	}

	/**
	 * @param hello the ClientHello's body, from its version on
	 * @return whether it offers application protocols and none of the listener's
	 */
	boolean refuses(ByteBuf hello) {
		int at = hello.readerIndex() + 34;
		int end = hello.writerIndex();
		if (at >= end) {
			return false;
		}
		at += 1 + hello.getUnsignedByte(at);
		if (at + 2 > end) {
			return false;
		}
		at += 2 + hello.getUnsignedShort(at);
		if (at >= end) {
			return false;
		}
		at += 1 + hello.getUnsignedByte(at);
		if (at + 2 > end) {
			return false;
		}
		int extensionsEnd = Math.min(end, at + 2 + hello.getUnsignedShort(at));
		at += 2;
		while (at + 4 <= extensionsEnd) {
			int type = hello.getUnsignedShort(at);
			int length = hello.getUnsignedShort(at + 2);
			at += 4;
			if (type == ALPN && at + 2 <= extensionsEnd) {
				return !offersOneOf(hello, at + 2, Math.min(extensionsEnd, at + 2 + hello.getUnsignedShort(at)));
			}
			at += length;
		}
		return false;
	}

	private boolean offersOneOf(ByteBuf hello, int at, int end) {
		while (at < end) {
			int length = hello.getUnsignedByte(at);
			if (at + 1 + length > end) {
				return true;
			}
			if (this.protocols.contains(hello.toString(at + 1, length, StandardCharsets.US_ASCII))) {
				return true;
			}
			at += 1 + length;
		}
		return false;
	}

}
