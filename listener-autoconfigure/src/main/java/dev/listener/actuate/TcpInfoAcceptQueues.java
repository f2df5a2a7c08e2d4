package dev.listener.actuate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;

import dev.listener.socket.Family;
import dev.listener.socket.FileDescriptors;
import dev.listener.socket.ListenSocket;
import org.jspecify.annotations.Nullable;

/**
 * The accept queue from {@code getsockopt(TCP_INFO)} on the listen socket's own descriptor: for a
 * socket in the LISTEN state Linux puts the connections waiting for accept() in
 * {@code tcpi_unacked} and the queue's limit (the backlog as the kernel capped it) in
 * {@code tcpi_sacked}. One system call per socket; nothing is scanned, so the cost does not depend
 * on how many other sockets the host has, TIME_WAIT ones included.
 */
final class TcpInfoAcceptQueues implements AcceptQueueSource {

	/** {@code struct tcp_info} up to {@code tcpi_sacked}, as old as Linux 2.6. */
	private static final int LENGTH = 32;

	private static final int STATE = 0;

	private static final int UNACKED = 24;

	private static final int SACKED = 28;

	private static final byte TCP_LISTEN = 10;

	@Override
	public @Nullable AcceptQueue read(ListenSocket socket) {
		if (!(socket.channel() instanceof ServerSocketChannel channel) || socket.addressInfo().family() == Family.UNIX) {
			return null;
		}
		byte[] info = new byte[LENGTH];
		int length;
		try {
			length = FileDescriptors.tcpInfo(channel, info);
		}
		catch (IOException ex) {
			if (!channel.isOpen()) {
				return null;
			}
			throw new UnsupportedOperationException(ex.getMessage(), ex);
		}
		if (length < LENGTH) {
			throw new UnsupportedOperationException("TCP_INFO has " + length + " bytes, not the " + LENGTH + " needed");
		}
		if (info[STATE] != TCP_LISTEN) {
			return null;
		}
		ByteBuffer fields = ByteBuffer.wrap(info).order(ByteOrder.nativeOrder());
		return new AcceptQueue(Integer.toUnsignedLong(fields.getInt(UNACKED)),
				Integer.toUnsignedLong(fields.getInt(SACKED)));
	}

	@Override
	public String name() {
		return "tcp_info";
	}

}
