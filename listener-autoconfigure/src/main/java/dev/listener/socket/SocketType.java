package dev.listener.socket;

import java.util.List;

/**
 * The socket type hint, getaddrinfo's {@code ai_socktype}.
 */
public enum SocketType implements HintValue {

	/** A connection-oriented byte stream, {@code SOCK_STREAM} (TCP, SCTP one-to-one). */
	STREAM(List.of("SOCK_STREAM"), Protocol.TCP),

	/** Connectionless datagrams, {@code SOCK_DGRAM} (UDP). */
	DGRAM(List.of("SOCK_DGRAM"), Protocol.UDP),

	/** Reliable sequenced packets, {@code SOCK_SEQPACKET} (SCTP one-to-many). */
	SEQPACKET(List.of("SOCK_SEQPACKET"), Protocol.SCTP),

	/** Raw IP, {@code SOCK_RAW}: named so it can be refused clearly, the JVM has no raw sockets. */
	RAW(List.of("SOCK_RAW"), Protocol.DEFAULT);

	private final List<String> constants;

	private final Protocol defaultProtocol;

	SocketType(List<String> constants, Protocol defaultProtocol) {
		this.constants = constants;
		this.defaultProtocol = defaultProtocol;
	}

	@Override
	public List<String> constants() {
		return this.constants;
	}

	/**
	 * The protocol that {@link Protocol#DEFAULT} (protocol 0) picks for this type.
	 * @return the usual protocol of this socket type
	 */
	public Protocol defaultProtocol() {
		return this.defaultProtocol;
	}

	/**
	 * Parses a socket type written as in configuration ({@code dgram}) or as a constant
	 * ({@code SOCK_DGRAM}).
	 * @param value the text
	 * @return the socket type
	 * @throws IllegalArgumentException naming the valid values
	 */
	public static SocketType parse(String value) {
		return Constants.parse(SocketType.class, "socket type", value);
	}

}
