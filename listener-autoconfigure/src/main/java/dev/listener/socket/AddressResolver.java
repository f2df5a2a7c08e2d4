package dev.listener.socket;

import java.util.List;

/**
 * Turns the node, service and hints of a {@link ListenerSpec} into the ordered addresses to bind,
 * with the semantics of getaddrinfo (RFC 3493, POSIX).
 */
@FunctionalInterface
public interface AddressResolver {

	/**
	 * Resolves a spec.
	 * @param spec host, service and hints
	 * @return the results in order, never empty
	 * @throws ListenSocketException at {@link Step#RESOLVE} when nothing matches
	 */
	List<AddressInfo> resolve(ListenerSpec spec) throws ListenSocketException;

}
