package dev.listener.engine.blocking;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A test server in a child JVM of the same JDK, for what a test must watch or change from outside
 * the process (its file limit, its memory). It prints {@code port=<port>} once serving, and answers
 * each line on its stdin with a line starting with a prefix. {@link #close()} always ends it.
 */
final class ChildServer implements AutoCloseable {

	private final Process process;

	private final String replyPrefix;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

	private ChildServer(Process process, String replyPrefix) {
		this.process = process;
		this.replyPrefix = replyPrefix;
	}

	/**
	 * Starts the child and reads its output in the background.
	 * @param jvmOptions options of the child JVM, such as {@code -Xmx64m}
	 * @param main the main class
	 * @param args its arguments
	 * @param replyPrefix what the child's answers start with
	 * @return the child, not serving yet: see {@link #port()}
	 */
	static ChildServer start(List<String> jvmOptions, Class<?> main, List<String> args, String replyPrefix)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
		command.add(main.getName());
		command.addAll(args);
		ChildServer child = new ChildServer(new ProcessBuilder(command).redirectErrorStream(true).start(), replyPrefix);
		Thread reader = new Thread(child::readOutput, "child-server-output");
		reader.setDaemon(true);
		reader.start();
		return child;
	}

	private void readOutput() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			lines.lines().forEach((line) -> {
				this.output.add(line);
				if (line.startsWith(this.replyPrefix)) {
					this.replies.add(line.substring(this.replyPrefix.length()));
				}
			});
		}
		catch (IOException ex) {
			// the child ended
		}
	}

	/**
	 * Waits for the child to serve, up to a minute.
	 * @return the port it serves
	 */
	int port() {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.output.stream().anyMatch((line) -> line.startsWith("port=")) || !this.process.isAlive());
		return this.output.stream()
			.filter((line) -> line.startsWith("port="))
			.map((line) -> Integer.parseInt(line.substring("port=".length())))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the child did not start: " + this.output));
	}

	/**
	 * Asks the child for its answer, waiting up to 5 seconds.
	 * @return the answer, without its prefix
	 */
	String ask() throws IOException, InterruptedException {
		this.process.getOutputStream().write('\n');
		this.process.getOutputStream().flush();
		String reply = this.replies.poll(5, TimeUnit.SECONDS);
		assertThat(reply).as("answer from the child: %s", this.output).isNotNull();
		return reply;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
