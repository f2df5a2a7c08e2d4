package dev.listener.engine;

import dev.listener.pipeline.RejectReason;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a connection is served, on any engine, through {@link ListenerEvents}: asked
 * when it is accepted (after the address lists, with the peer as its client) and again when a
 * PROXY protocol header names the real client; a refusal closes the connection, counted under
 * {@code listener.connections.rejected} with its reason and closed as {@code rejected}. Each
 * admission that admitted a connection, at either point, is told once when it closes, so a count
 * per client can be given back. For the starter's own features (per-client limits), not
 * applications; registered in order through {@link ConnectionHooks} on the {@link ServerSettings}
 * ({@link ServerSettings#withHooks}), the first refusal winning; the auto-configuration collects
 * the {@code ConnectionAdmission} beans.
 * <p>
 * Called on the accepting thread or event loop, or the connection's: it must not block.
 */
public interface ConnectionAdmission {

	/**
	 * @param connection the connection; {@link ConnectionView#clientAddress()} is the client to
	 * decide for, and {@link ConnectionView#isProxied()} says whether a PROXY header named it
	 * @return {@code null} to admit it, or why it is refused
	 */
	@Nullable RejectReason admit(ConnectionView connection);

	/**
	 * A connection this admission admitted has closed (also when another refused it later).
	 * @param connection the connection; its client is the last one this admission was asked about
	 */
	default void closed(ConnectionView connection) {
	}

}
