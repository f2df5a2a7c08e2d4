package dev.listener.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A self-signed P-256 key, {@code server.key} and {@code server.crt} (or another name's), made by {@code openssl} for the report tests' bundles. */
final class SelfSignedKey {

	private SelfSignedKey() {
	}

	static void makeIn(Path dir) throws Exception {
		makeIn(dir, "server");
	}

	/** Makes {@code name.key} and {@code name.crt}, a pair of its own. */
	static void makeIn(Path dir, String name) throws Exception {
		Process process = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
				"ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key", "-out", name + ".crt", "-days", "2",
				"-subj", "/CN=localhost")
			.directory(dir.toFile())
			.redirectErrorStream(true)
			.start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("openssl failed: " + new String(output, StandardCharsets.UTF_8));
		}
	}

}
