package dev.listener.diagnostics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link FailingApplication} in a child JVM of the same JDK, behind a command that changes
 * what the process may do ({@code setpriv}, {@code unshare}). Bounded by a timeout; the child is
 * always destroyed.
 */
final class ChildJvm {

	private static final long TIMEOUT_SECONDS = 60;

	private ChildJvm() {
	}

	/**
	 * The exit code and output of a finished child.
	 *
	 * @param exitCode the exit code
	 * @param output stdout and stderr
	 */
	record Result(int exitCode, String output) {
	}

	static Result run(List<String> wrapper, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(wrapper);
		command.add(ProcessHandle.current().info().command().orElseThrow());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(FailingApplication.class.getName());
		command.addAll(List.of(args));
		Path log = Files.createTempFile("child-jvm", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				throw new IllegalStateException("child JVM still running after " + TIMEOUT_SECONDS + "s: " + command);
			}
			return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
		}
		finally {
			process.destroyForcibly();
			Files.deleteIfExists(log);
		}
	}

}
