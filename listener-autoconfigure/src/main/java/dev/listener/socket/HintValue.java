package dev.listener.socket;

import java.util.List;

/**
 * A value of one of getaddrinfo's hints, with the Winsock/POSIX constants that spell it.
 */
public interface HintValue {

	/**
	 * The Winsock/POSIX spellings of this value, such as {@code AF_INET}.
	 * @return the constants, the canonical one first
	 */
	List<String> constants();

}
