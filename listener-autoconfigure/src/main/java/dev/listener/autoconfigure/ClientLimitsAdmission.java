package dev.listener.autoconfigure;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import dev.listener.engine.ConnectionAdmission;
import dev.listener.engine.ConnectionHooks;
import dev.listener.engine.ConnectionView;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.RejectReason;
import org.jspecify.annotations.Nullable;

/**
 * The limits per client of one listener on the event point every engine reports to: asked at
 * accept and after a PROXY header, told when an admitted connection closes; what each means is
 * decided in {@link ConnectionPipeline}. Registered only on a listener with a limit per client,
 * so a listener without one pays nothing for it.
 */
final class ClientLimitsAdmission implements ConnectionAdmission {

	private final ConnectionPipeline pipeline;

	private ClientLimitsAdmission(ConnectionPipeline pipeline) {
		this.pipeline = pipeline;
	}

	/**
	 * The hooks of a listener with its limits per client asked first, before any other admission,
	 * so that its refusal is the one counted and what it charged is known at close.
	 * @param hooks the hooks every listener has
	 * @param pipeline the listener's pipeline, with its limits
	 * @return the hooks, unchanged when the listener has no limit per client
	 */
	static ConnectionHooks first(ConnectionHooks hooks, ConnectionPipeline pipeline) {
		if (!pipeline.limits().perClient()) {
			return hooks;
		}
		List<ConnectionAdmission> admissions = new ArrayList<>();
		admissions.add(new ClientLimitsAdmission(pipeline));
		admissions.addAll(hooks.admissions());
		return new ConnectionHooks(hooks.observers(), admissions);
	}

	@Override
	public @Nullable RejectReason admit(ConnectionView connection) {
		if (!(connection.remoteAddress() instanceof InetSocketAddress peer)) {
			return null;
		}
		if (!connection.isProxied()) {
			return this.pipeline.limitAccepted(peer);
		}
		return (connection.clientAddress() instanceof InetSocketAddress client)
				? this.pipeline.limitProxied(peer, client) : null;
	}

	@Override
	public void closed(ConnectionView connection) {
		if (connection.remoteAddress() instanceof InetSocketAddress peer
				&& connection.clientAddress() instanceof InetSocketAddress client) {
			this.pipeline.limitReleased(peer, client, connection.isProxied(), connection.rejectReason());
		}
	}

}
