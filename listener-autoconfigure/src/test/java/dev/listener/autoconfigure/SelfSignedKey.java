package dev.listener.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A self-signed P-256 key, {@code server.key} and {@code server.crt}, made by {@code openssl} for the report tests' bundles. */
final class SelfSignedKey {

	private SelfSignedKey() {
	}

	static void makeIn(Path dir) throws Exception {
		Process process = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
				"ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key", "-out", "server.crt", "-days", "2",
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
