package dev.listener.socket;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a main class of the tests in a child JVM of the same JDK, behind a command that changes
 * what the process gets ({@code setpriv}, or a python3 script that puts a socket on its standard
 * input). The caller reads its output; {@link #close()} always ends it.
 */
public final class ChildJava implements AutoCloseable {

	static final long TIMEOUT_SECONDS = 60;

	private final Process process;

	private ChildJava(Process process) {
		this.process = process;
	}

	static ChildJava start(List<String> wrapper, Class<?> main, String... args) throws IOException {
		List<String> command = new ArrayList<>(wrapper);
		command.add(ProcessHandle.current().info().command().orElseThrow());
		// as the demo's manifest does: the descriptor read by reflection and JNA allowed, so no JDK 24+
		// warning comes before the child's own output
		command.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
		command.add("--enable-native-access=ALL-UNNAMED");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(main.getName());
		command.addAll(List.of(args));
		return new ChildJava(new ProcessBuilder(command).redirectErrorStream(true).start());
	}

	Process process() {
		return this.process;
	}

	/**
	 * Waits for the child to end.
	 * @return its whole output
	 */
	String output() throws IOException, InterruptedException {
		if (!this.process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			throw new IllegalStateException("child JVM still running after " + TIMEOUT_SECONDS + "s");
		}
		return new String(this.process.getInputStream().readAllBytes());
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

	/**
	 * Whether a command runs here with exit code 0, for assumptions.
	 * @param command the command
	 * @return whether it ran and succeeded
	 */
	public static boolean works(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			try {
				return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
			}
			finally {
				process.destroyForcibly();
			}
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
