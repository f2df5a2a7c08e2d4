package dev.listener.socket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;

import com.sun.nio.sctp.SctpMultiChannel;
import com.sun.nio.sctp.SctpServerChannel;

/**
 * SCTP through the JDK's {@code jdk.sctp} module: stream is one-to-one ({@link SctpServerChannel}),
 * seqpacket one-to-many ({@link SctpMultiChannel}). Kept apart so that a JDK without the module
 * fails only here.
 */
final class Sctp {

	static final String UNAVAILABLE = "SCTP is not available on this JDK or kernel: it needs the JDK's jdk.sctp "
			+ "module, the lksctp-tools library (libsctp1 on Debian, lksctp-tools on Red Hat) and the sctp kernel "
			+ "module; use protocol tcp or udp instead";

	private Sctp() {
	}

	static SelectableChannel open(SocketType socketType) throws IOException {
		return (socketType == SocketType.SEQPACKET) ? SctpMultiChannel.open() : SctpServerChannel.open();
	}

	static void bind(SelectableChannel channel, SocketAddress address, int backlog) throws IOException {
		if (channel instanceof SctpServerChannel server) {
			server.bind(address, backlog);
		}
		else {
			((SctpMultiChannel) channel).bind(address, backlog);
		}
	}

	static InetSocketAddress localAddress(SelectableChannel channel) throws IOException {
		Iterable<SocketAddress> addresses = (channel instanceof SctpServerChannel server)
				? server.getAllLocalAddresses() : ((SctpMultiChannel) channel).getAllLocalAddresses();
		return (InetSocketAddress) addresses.iterator().next();
	}

}
