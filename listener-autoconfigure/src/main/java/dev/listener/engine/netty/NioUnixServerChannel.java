package dev.listener.engine.netty;

import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.ServerChannel;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.nio.AbstractNioMessageChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * NIO's server channel of a unix listener: accepts on the JDK channel the opener bound (family
 * unix) and gives each connection to Netty's {@link NioDomainSocketChannel}. It is Netty's
 * {@code NioServerDomainSocketChannel} without one thing: that one deletes the path's file when it
 * closes, whoever's file it is by then (one systemd passed, or one another process bound since).
 * Here closing closes the channel only, and the {@link dev.listener.socket.ListenSocket} removes
 * the file if it is still the one it bound, as on the other engines.
 */
final class NioUnixServerChannel extends AbstractNioMessageChannel implements ServerChannel {

	private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

	private final Config config = new Config(this);

	NioUnixServerChannel(ServerSocketChannel channel) {
		super(null, channel, SelectionKey.OP_ACCEPT);
	}

	@Override
	protected ServerSocketChannel javaChannel() {
		return (ServerSocketChannel) super.javaChannel();
	}

	@Override
	public ChannelConfig config() {
		return this.config;
	}

	@Override
	public ChannelMetadata metadata() {
		return METADATA;
	}

	/** Bound and listening since the opener made it: active while open. */
	@Override
	public boolean isActive() {
		return isOpen();
	}

	@Override
	protected int doReadMessages(List<Object> messages) throws Exception {
		SocketChannel accepted = javaChannel().accept();
		if (accepted == null) {
			return 0;
		}
		try {
			messages.add(new NioDomainSocketChannel(this, accepted));
			return 1;
		}
		catch (RuntimeException | Error ex) {
			accepted.close();
			throw ex;
		}
	}

	@Override
	protected void doClose() throws Exception {
		javaChannel().close();
	}

	@Override
	protected @Nullable SocketAddress localAddress0() {
		try {
			return javaChannel().getLocalAddress();
		}
		catch (Exception ex) {
			return null;
		}
	}

	@Override
	protected @Nullable SocketAddress remoteAddress0() {
		return null;
	}

	@Override
	protected void doBind(SocketAddress localAddress) {
		throw new UnsupportedOperationException("bound by the starter's socket opener");
	}

	@Override
	protected void doDisconnect() {
		throw new UnsupportedOperationException();
	}

	@Override
	protected boolean doConnect(SocketAddress remoteAddress, @Nullable SocketAddress localAddress) {
		throw new UnsupportedOperationException();
	}

	@Override
	protected void doFinishConnect() {
		throw new UnsupportedOperationException();
	}

	@Override
	protected boolean doWriteMessage(Object msg, ChannelOutboundBuffer in) {
		throw new UnsupportedOperationException();
	}

	private void clearReadPendingNow() {
		clearReadPending();
	}

	/** Netty's server config: autoRead off clears the read interest at once, as NIO's own does. */
	private static final class Config extends DefaultChannelConfig {

		private final NioUnixServerChannel channel;

		Config(NioUnixServerChannel channel) {
			super(channel, new ServerChannelRecvByteBufAllocator());
			this.channel = channel;
		}

		@Override
		protected void autoReadCleared() {
			this.channel.clearReadPendingNow();
		}

	}

}
