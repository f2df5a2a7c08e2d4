package dev.listener.engine.blocking;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application without Netty on its class path, for real: a child JVM whose class path lacks
 * every Netty jar serves on the blocking engine, and its class loading log names no Netty class.
 */
class WithoutNettyTests {

	@Test
	void anApplicationWithoutNettyServesOnTheBlockingEngineAndLoadsNoNettyClass() throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		String classPath = Arrays
			.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
				.split(File.pathSeparator))
			.filter((entry) -> !entry.contains(File.separator + "io" + File.separator + "netty" + File.separator))
			.collect(Collectors.joining(File.pathSeparator));
		assertThat(classPath).doesNotContain("netty-transport");
		Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-verbose:class", "-cp",
				classPath, WithoutNettyChild.class.getName())
			.redirectErrorStream(true)
			.start();
		String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(child.exitValue()).as(output).isZero();
		assertThat(output).contains("engine=blocking", "echo=without netty")
			.contains("Listener 'default' serving (")
			.doesNotContain("io.netty.");
	}

}
