package dev.listener.engine;

import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.ProxyHeader;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.RejectReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The PROXY protocol step of one connection, decided the same way on every engine: what its first
 * bytes mean (a header from a trusted balancer, the client's own data where the header is optional,
 * a refusal otherwise), which client the address lists and the admissions check, and that a header
 * not read within {@code proxy-protocol.timeout} refuses the connection as {@code proxy-timeout}.
 * The step ends once, by whichever comes first: the client known, a refusal (counted under its
 * {@link RejectReason}, the connection closing as {@code rejected}), a failure of the read, or the
 * deadline.
 * <p>
 * The engine reads the bytes (and the rest of a header, with its own parser where it has one),
 * schedules the deadline its own way, closes a connection this refuses, and hands on the bytes
 * that follow the header. The deadline may come on another thread than the reads.
 * For the engines, not applications.
 */
public final class ProxyHeaderStep {

	private static final Log logger = LogFactory.getLog(ProxyHeaderStep.class);

	private static final AtomicIntegerFieldUpdater<ProxyHeaderStep> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(ProxyHeaderStep.class, "ended");

	/** A v2 header's fixed part: the signature, version and command, family, and length. */
	private static final int V2_FIXED_LENGTH = 16;

	private final ConnectionPipeline pipeline;

	private final ConnectionEvents events;

	private final InetSocketAddress peer;

	private @Nullable InetSocketAddress client;

	private volatile int ended;

	private ProxyHeaderStep(ConnectionPipeline pipeline, ConnectionEvents events, InetSocketAddress peer) {
		this.pipeline = pipeline;
		this.events = events;
		this.peer = peer;
	}

	/**
	 * @param pipeline the listener's connection pipeline
	 * @param events the connection's events
	 * @param peer the connection's peer
	 * @return the step, or {@code null} when no header is read: the PROXY protocol is off, or the
	 * peer has no IP address (a unix socket)
	 */
	public static @Nullable ProxyHeaderStep of(ConnectionPipeline pipeline, ConnectionEvents events,
			@Nullable SocketAddress peer) {
		if (!pipeline.proxyProtocol().isOn() || !(peer instanceof InetSocketAddress inet)) {
			return null;
		}
		return new ProxyHeaderStep(pipeline, events, inet);
	}

	/** @return how long from accept the header may take, in nanoseconds: then {@link #timedOut()} */
	public long timeoutNanos() {
		return this.pipeline.proxyProtocol().timeout().toNanos();
	}

	/**
	 * What the first bytes of the connection mean. A v2 header's length is checked against the limit
	 * as soon as its fixed part is there, so an oversized one is refused at once rather than at the
	 * deadline.
	 * @param bytes the bytes read so far, from index 0 to the position (at least the first 16 when
	 * that many arrived), in a heap buffer
	 * @return what the engine does next
	 */
	public Next detect(ByteBuffer bytes) {
		if (isEnded()) {
			return Next.REFUSED;
		}
		ProxyHeader.Detection detection = ProxyHeader.detect(bytes);
		if (detection == ProxyHeader.Detection.NEEDS_MORE) {
			return Next.MORE;
		}
		if (detection == ProxyHeader.Detection.NO_HEADER) {
			if (this.pipeline.proxyProtocol().mode() == ProxyProtocol.Mode.REQUIRED) {
				refuse(RejectReason.PROXY_MALFORMED);
				return Next.REFUSED;
			}
			return serve(this.peer, false) ? Next.SERVE : Next.REFUSED;
		}
		if (!this.pipeline.proxyProtocol().trusts(this.peer.getAddress())) {
			refuse(RejectReason.PROXY_UNTRUSTED);
			return Next.REFUSED;
		}
		if (bytes.get(0) != 'P') {
			if (bytes.position() < V2_FIXED_LENGTH) {
				return Next.MORE;
			}
			try {
				ProxyHeader.parse(bytes);
			}
			catch (ProtocolException ex) {
				malformed(ex.getMessage());
				return Next.REFUSED;
			}
		}
		return Next.HEADER;
	}

	/**
	 * The header is read: its client (the peer's own address when it named none, as a LOCAL header
	 * for a balancer's health check does) is checked by the address lists, then the admissions.
	 * @param client the header's client, {@code null} for none
	 * @return whether the connection goes on, with {@link #client()}; false when it is refused
	 * (counted) or the step had ended: the engine closes it
	 */
	public boolean header(@Nullable InetSocketAddress client) {
		return serve((client != null) ? client : this.peer, true);
	}

	/**
	 * The header is malformed or over the limit: the connection is refused as {@code proxy-malformed}.
	 * @param problem what is wrong with it, for the log
	 * @return whether this ended the step: the engine closes the connection
	 */
	public boolean malformed(@Nullable String problem) {
		if (logger.isDebugEnabled() && !isEnded()) {
			logger.debug("Refusing " + this.events + ": " + problem);
		}
		return refuse(RejectReason.PROXY_MALFORMED);
	}

	/**
	 * The deadline {@link #timeoutNanos()} gave has passed: a header still expected refuses the
	 * connection as {@code proxy-timeout}.
	 * @return whether it was still expected: the engine closes the connection
	 */
	public boolean timedOut() {
		return refuse(RejectReason.PROXY_TIMEOUT);
	}

	/**
	 * Reading failed before the header was read (the peer reset or closed the connection): the step
	 * ends, and the connection closes for the failure ({@link ConnectionEvents#stepFailed}).
	 * @param failure what the read failed with
	 * @return whether this ended the step; false when the deadline had closed the connection under
	 * the read (counted as a timeout)
	 */
	public boolean failed(Throwable failure) {
		if (!end()) {
			return false;
		}
		this.events.stepFailed(failure);
		return true;
	}

	/** @return the client the connection is served for, once {@link #header} or {@link #detect} served it */
	public @Nullable InetSocketAddress client() {
		return this.client;
	}

	/** @return whether the step has ended: the client is known, or the connection refused or failed */
	public boolean isEnded() {
		return this.ended != 0;
	}

	private boolean serve(InetSocketAddress client, boolean header) {
		if (!end()) {
			return false;
		}
		RejectReason filtered = this.pipeline.checkClient(client.getAddress());
		RejectReason reason = header ? this.events.proxied(client, filtered) : filtered;
		if (reason != null) {
			this.events.refused(reason);
			return false;
		}
		this.client = client;
		return true;
	}

	private boolean refuse(RejectReason reason) {
		if (!end()) {
			return false;
		}
		this.events.refused(reason);
		return true;
	}

	private boolean end() {
		return ENDED.compareAndSet(this, 0, 1);
	}

	/**
	 * What the engine does once it has the first bytes.
	 */
	public enum Next {

		/** Read more: too few bytes to tell. */
		MORE,

		/** A header from a trusted balancer comes: read it, then call {@link #header}. */
		HEADER,

		/** No header: the connection is served as is, the bytes read so far its client's own. */
		SERVE,

		/** The connection is refused (counted) or the step had ended: close it. */
		REFUSED

	}

}
