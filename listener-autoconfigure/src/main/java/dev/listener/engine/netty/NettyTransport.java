package dev.listener.engine.netty;

/**
 * The Netty transport serving the listeners on the Netty engine. Refers to no Netty class, so the
 * properties can name it without Netty on the class path.
 */
public enum NettyTransport {

	/**
	 * epoll, where the native library for this platform is on the class path and the kernel
	 * supports it, then io_uring where it can serve every listener on the engine; else NIO.
	 */
	AUTO,

	/** The JDK's selector: everywhere. */
	NIO,

	/** Linux epoll: needs io.netty:netty-transport-native-epoll with this platform's classifier. */
	EPOLL,

	/**
	 * Linux io_uring: needs io.netty:netty-transport-native-io_uring with this platform's
	 * classifier; datagram listeners only (Netty's io_uring server channel cannot take a bound
	 * socket).
	 */
	IO_URING

}
