package dev.listener.socket;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A unix socket in a directory the process may not write: EACCES from bind(). Root writes
 * everywhere (CAP_DAC_OVERRIDE), so as root the child JVM runs without that capability.
 */
class UnixSocketPermissionTests {

	private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

	private static final List<String> NO_OVERRIDE = List.of("setpriv",
			"--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search", "--");

	@TempDir
	Path directory;

	@Test
	void directoryWithoutWritePermissionIsReported() throws Exception {
		assumeTrue(!ROOT || ChildJava.works("setpriv", "--bounding-set=-dac_override,-dac_read_search", "true"),
				"running as root and setpriv cannot drop CAP_DAC_OVERRIDE here");
		Path readOnly = Files.createDirectory(this.directory.resolve("read-only"));
		Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
		Path path = readOnly.resolve("app.sock");
		try (ChildJava child = ChildJava.start(ROOT ? NO_OVERRIDE : List.of(), SocketChild.class, "unix",
				path.toString())) {
			String output = child.output();
			assertThat(output).as(output)
				.contains("report: listen unix " + path + ": bind: permission denied: the directory " + readOnly
						+ " is not writable by this user; make it writable or choose another path (EACCES / WSAEACCES)")
				.contains("settings: [PATH]");
		}
		assertThat(path).doesNotExist();
	}

}
