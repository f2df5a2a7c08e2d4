package dev.listener.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import dev.listener.socket.Listener;
import dev.listener.socket.Protocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code reuse-port} handover (a new instance starts on the port, then the old one stops)
 * loses on Linux: when one socket of a SO_REUSEPORT group closes, the connections still waiting in
 * its accept queue are reset, unless {@code net.ipv4.tcp_migrate_req} is 1 (Linux 5.14+, per
 * network namespace), which moves them to another socket of the group. One WARN line per TCP
 * listener with reuse-port on while the sysctl reads 0; nothing when it reads 1 or is absent (an
 * older kernel, another system), which is said at DEBUG.
 */
final class ReusePortHandover {

	static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");

	private static final Log logger = LogFactory.getLog(ReusePortHandover.class);

	private final Path sysctl;

	/** @param sysctl the file holding {@code net.ipv4.tcp_migrate_req} */
	ReusePortHandover(Path sysctl) {
		this.sysctl = sysctl;
	}

	/**
	 * Warns about a listener a handover would lose connections of.
	 * @param listener a listener, just bound
	 */
	void check(Listener listener) {
		if (!listener.options().reusePort() || listener.inheritedFrom() != null || !isTcp(listener)) {
			return;
		}
		String value = read();
		if ("0".equals(value)) {
			logger.warn("Listener '" + listener.name() + "' shares its port (reuse-port) while "
					+ "net.ipv4.tcp_migrate_req is 0: in a handover, when the old instance closes its socket, the "
					+ "connections waiting in that socket's accept queue are reset. Run 'sysctl -w "
					+ "net.ipv4.tcp_migrate_req=1' (Linux 5.14+, per network namespace) so that the kernel moves "
					+ "them to the new instance's socket.");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Listener '" + listener.name() + "' shares its port (reuse-port); net.ipv4.tcp_migrate_req "
					+ ((value != null) ? "is " + value + ": a handover moves the connections waiting in the old "
							+ "socket's accept queue to another socket of the group"
							: "cannot be read at " + this.sysctl + " (a kernel before 5.14, or not Linux): nothing "
									+ "to warn about"));
		}
	}

	private static boolean isTcp(Listener listener) {
		return listener.isStream() && listener.spec().hints().effectiveProtocol() == Protocol.TCP;
	}

	/** @return the sysctl's value, or {@code null} when it cannot be read */
	private @Nullable String read() {
		try {
			return Files.readString(this.sysctl, StandardCharsets.US_ASCII).strip();
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException | SecurityException ex) {
			logger.debug("Cannot read " + this.sysctl, ex);
			return null;
		}
	}

}
