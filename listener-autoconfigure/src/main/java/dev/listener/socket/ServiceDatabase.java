package dev.listener.socket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The services database ({@code /etc/services}) that getaddrinfo consults for a service name such
 * as {@code http}: lines of {@code name port/protocol aliases...}.
 */
public final class ServiceDatabase {

	private final Map<String, Integer> ports;

	private ServiceDatabase(Map<String, Integer> ports) {
		this.ports = ports;
	}

	/**
	 * The system's database: {@code /etc/services}, or Windows' {@code drivers\etc\services}. Empty
	 * when the file is missing.
	 * @return the database
	 */
	public static ServiceDatabase system() {
		String systemRoot = System.getenv("SystemRoot");
		Path file = (systemRoot != null) ? Path.of(systemRoot, "System32", "drivers", "etc", "services")
				: Path.of("/etc/services");
		return load(file);
	}

	/**
	 * Reads a database in the {@code services(5)} format.
	 * @param file the file
	 * @return the database, empty when the file does not exist
	 */
	public static ServiceDatabase load(Path file) {
		if (!Files.isReadable(file)) {
			return new ServiceDatabase(Map.of());
		}
		try {
			return parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the services database " + file, ex);
		}
	}

	static ServiceDatabase parse(List<String> lines) {
		Map<String, Integer> ports = new HashMap<>();
		for (String line : lines) {
			int comment = line.indexOf('#');
			String[] fields = ((comment >= 0) ? line.substring(0, comment) : line).trim().split("\\s+");
			if (fields.length < 2) {
				continue;
			}
			int slash = fields[1].indexOf('/');
			if (slash <= 0) {
				continue;
			}
			int port;
			try {
				port = Integer.parseInt(fields[1].substring(0, slash));
			}
			catch (NumberFormatException ex) {
				continue;
			}
			String protocol = fields[1].substring(slash + 1);
			for (int i = 0; i < fields.length; i++) {
				if (i != 1) {
					ports.putIfAbsent(key(fields[i], protocol), port);
				}
			}
		}
		return new ServiceDatabase(Map.copyOf(ports));
	}

	/**
	 * Looks a service up, as {@code getservbyname(name, protocol)} does.
	 * @param name the service name or alias
	 * @param protocol {@code tcp}, {@code udp} or {@code sctp}
	 * @return the port, empty when unknown
	 */
	public OptionalInt port(String name, String protocol) {
		Integer port = this.ports.get(key(name, protocol));
		return (port != null) ? OptionalInt.of(port) : OptionalInt.empty();
	}

	private static String key(String name, String protocol) {
		return name + "/" + protocol;
	}

}
