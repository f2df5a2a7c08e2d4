package dev.listener.autoconfigure;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * netty-tcnative on the class path whose natives do not load, for real: a child JVM whose Netty
 * native work dir ({@code io.netty.native.workdir}) is a file, so that Netty cannot unpack the
 * natives it finds in the jar. {@code ssl.provider: auto} serves on the JDK's and says why;
 * {@code openssl} stops startup with Spring Boot's report naming the property, the value, the
 * cause and what to do.
 */
class OpenSslNativesTests {

	@TempDir
	static Path dir;

	@BeforeAll
	static void makeBundle() throws Exception {
		SelfSignedKey.makeIn(dir);
		Files.writeString(dir.resolve("not-a-directory"), "a file where Netty expects its work dir");
	}

	@Test
	void autoServesOnTheJdksAndSaysWhyOpenSslDidNotLoad() throws Exception {
		Child child = run("auto");
		assertThat(child.exitValue()).as(child.output()).isZero();
		assertThat(child.output()).contains("provider=jdk")
			.contains(", TLS on JDK (client-auth none))")
			.contains("Listener 'default' serves TLS on the JDK's SSLEngine, not on OpenSSL: listener.ssl.provider "
					+ "is auto and netty-tcnative is on the class path, but OpenSSL did not load: ")
			.contains("Failed to load any of the given libraries")
			.contains(dir.resolve("not-a-directory").toString())
			.contains("Not a directory")
			.contains("-Dio.netty.native.workdir")
			.contains("Set listener.ssl.provider to jdk to serve on the JDK's without this warning.");
	}

	@Test
	void openSslStopsStartupWithAReportNamingThePropertyTheValueTheCauseAndWhatToDo() throws Exception {
		Child child = run("openssl");
		assertThat(child.exitValue()).as(child.output()).isNotZero();
		assertThat(child.output()).contains("APPLICATION FAILED TO START")
			.contains("Invalid value 'openssl' for configuration property 'listener.ssl.provider'")
			.contains("netty-tcnative is on the class path but OpenSSL did not load: ")
			.contains("Failed to load any of the given libraries")
			.contains("Not a directory")
			.contains("it must be a writable directory on a file system not mounted noexec")
			.contains("Or set listener.ssl.provider to jdk")
			.doesNotContain("provider=");
	}

	private static Child run(String provider) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
		command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1",
				"-Dio.netty.native.workdir=" + dir.resolve("not-a-directory"), "-cp",
				System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
				OpenSslNativesChild.class.getName(), "--listener.host=127.0.0.1", "--listener.port=0",
				"--listener.engine=netty", "--listener.netty.transport=nio", "--listener.ssl.bundle=server",
				"--listener.ssl.provider=" + provider,
				"--spring.ssl.bundle.pem.server.keystore.certificate=file:" + dir.resolve("server.crt"),
				"--spring.ssl.bundle.pem.server.keystore.private-key=file:" + dir.resolve("server.key")));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
			return new Child(process.exitValue(), output);
		}
		finally {
			process.destroyForcibly();
		}
	}

	private record Child(int exitValue, String output) {
	}

}
