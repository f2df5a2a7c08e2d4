package dev.listener.engine.netty;

/**
 * The names of the handlers the starter adds to a Netty pipeline, so that an initializer or a
 * {@link NettyChannelCustomizer} can place its own with {@code addBefore}/{@code addAfter}, or
 * find one with {@code pipeline().get(name)}. A connection's pipeline holds, in order:
 * {@value #CONNECTION}; with the PROXY protocol {@value #PROXY_DETECTOR}, {@value #PROXY_DECODER},
 * {@value #PROXY} (each removes itself once the header is read); with TLS {@value #TLS} (Netty's
 * {@code SslHandler}) and {@value #TLS_HANDSHAKE}; with framing {@value #FRAME_DECODER},
 * {@value #FRAME_ENCODER} and {@value #FRAME_LIMIT}; then the application's handlers; and last
 * {@value #FAILURES}. A dgram socket's pipeline holds {@value #DATAGRAMS}, with framing
 * {@value #DATAGRAM_LIMIT}, the application's handlers and {@value #FAILURES}.
 */
public final class NettyHandlerNames {

	/** A listener's server channel's only handler: hands each accepted connection to the engine. */
	public static final String ACCEPT = "listener-accept";

	/** First: counts the connection's bytes, records its close, enforces the idle timeout. */
	public static final String CONNECTION = "listener-connection";

	/** Tells from the first bytes whether a PROXY protocol header comes. */
	public static final String PROXY_DETECTOR = "listener-proxy-detector";

	/** Netty's {@code HAProxyMessageDecoder}. */
	public static final String PROXY_DECODER = "listener-proxy-decoder";

	/** Takes the client from the PROXY protocol header and checks it. */
	public static final String PROXY = "listener-proxy";

	/** On OpenSSL with ALPN: refuses a ClientHello offering none of the protocols, as the JDK does. */
	public static final String TLS_ALPN = "listener-tls-alpn";

	/** Netty's {@code SslHandler}. */
	public static final String TLS = "tls";

	/** Times the TLS handshake and reports its outcome. */
	public static final String TLS_HANDSHAKE = "listener-tls-handshake";

	/** Netty's frame decoder for {@code listener.framing.type}. */
	public static final String FRAME_DECODER = "listener-frame-decoder";

	/** Writes each outbound {@code ByteBuf} as a frame. */
	public static final String FRAME_ENCODER = "listener-frame-encoder";

	/** Closes a connection whose frame is over the limit or malformed. */
	public static final String FRAME_LIMIT = "listener-frame-limit";

	/** Last: counts and logs an exception no handler dealt with, and closes its connection. */
	public static final String FAILURES = "listener-failures";

	/** First in a dgram socket's pipeline: counts datagrams both ways. */
	public static final String DATAGRAMS = "listener-datagrams";

	/** Drops a datagram over {@code framing.max-frame-size}. */
	public static final String DATAGRAM_LIMIT = "listener-datagram-limit";

	private NettyHandlerNames() {
	}

}
