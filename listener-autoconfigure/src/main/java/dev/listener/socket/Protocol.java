package dev.listener.socket;

import java.util.List;

/**
 * The protocol hint, getaddrinfo's {@code ai_protocol}.
 */
public enum Protocol implements HintValue {

	/** {@code IPPROTO_TCP}. */
	TCP(List.of("IPPROTO_TCP", "6")),

	/** {@code IPPROTO_UDP}. */
	UDP(List.of("IPPROTO_UDP", "17")),

	/** {@code IPPROTO_SCTP}. */
	SCTP(List.of("IPPROTO_SCTP", "132")),

	/** Protocol 0: the socket type's usual protocol. */
	DEFAULT(List.of("0", "IPPROTO_IP"));

	private final List<String> constants;

	Protocol(List<String> constants) {
		this.constants = constants;
	}

	@Override
	public List<String> constants() {
		return this.constants;
	}

	/**
	 * Whether this protocol can carry the given socket type: stream is TCP or SCTP, dgram is UDP,
	 * seqpacket is SCTP.
	 * @param socketType the socket type
	 * @return whether socket(2) would accept the pair
	 */
	public boolean supports(SocketType socketType) {
		return switch (socketType) {
			case STREAM -> this == TCP || this == SCTP;
			case DGRAM -> this == UDP;
			case SEQPACKET -> this == SCTP;
			case RAW -> true;
		};
	}

	/**
	 * Parses a protocol written as in configuration ({@code udp}) or as a constant
	 * ({@code IPPROTO_UDP}).
	 * @param value the text
	 * @return the protocol
	 * @throws IllegalArgumentException naming the valid values
	 */
	public static Protocol parse(String value) {
		return Constants.parse(Protocol.class, "protocol", value);
	}

}
