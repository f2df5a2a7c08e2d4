package dev.listener.autoconfigure;

import java.io.FileNotFoundException;
import java.nio.file.FileSystemException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reason and remedy told when tcnative does not load, from causes shaped as Netty's
 * {@code NativeLibraryLoader} makes them (one suppressed error per library name it tried).
 */
class OpenSslUnavailabilityTests {

	@Test
	void aLibraryThatCouldNotBeUnpackedIsToldWithItsCauseAndTheWorkDirIsTheRemedy() {
		IllegalArgumentException cause = new IllegalArgumentException("Failed to load any of the given libraries: [a, b]");
		cause.addSuppressed(linkError("could not load a native library: a",
				new FileSystemException("/work/a123.so: Not a directory")));
		cause.addSuppressed(
				linkError("could not load a native library: b", new FileNotFoundException("META-INF/native/libb.so")));
		OpenSslUnavailability unavailability = OpenSslUnavailability.of(cause);
		assertThat(unavailability.reason()).isEqualTo("Failed to load any of the given libraries: [a, b]; "
				+ "could not load a native library: a (/work/a123.so: Not a directory)");
		assertThat(unavailability.remedy()).contains("-Dio.netty.native.workdir").contains("not mounted noexec");
	}

	@Test
	void aLibraryThatDidNotLoadIsToldAsTheJvmSaidIt() {
		IllegalArgumentException cause = new IllegalArgumentException("Failed to load any of the given libraries: [a]");
		cause.addSuppressed(new UnsatisfiedLinkError("/tmp/a123.so: failed to map segment from shared object"));
		OpenSslUnavailability unavailability = OpenSslUnavailability.of(cause);
		assertThat(unavailability.reason()).endsWith("; /tmp/a123.so: failed to map segment from shared object");
		assertThat(unavailability.remedy()).contains("not mounted noexec");
	}

	@Test
	void aJarWithoutTheNativesOfThisPlatformIsToldSo() {
		IllegalArgumentException cause = new IllegalArgumentException("Failed to load any of the given libraries: [a]");
		cause.addSuppressed(
				linkError("could not load a native library: a", new FileNotFoundException("META-INF/native/liba.so")));
		OpenSslUnavailability unavailability = OpenSslUnavailability.of(cause);
		assertThat(unavailability.reason()).isEqualTo("Failed to load any of the given libraries: [a]");
		assertThat(unavailability.remedy()).contains("no natives for this platform (" + System.getProperty("os.name"))
			.contains("netty-tcnative-boringssl-static without a classifier")
			.doesNotContain("workdir");
	}

	@Test
	void openSslTurnedOffIsToldInNettysWordsWithNoRemedyOfOurs() {
		OpenSslUnavailability unavailability = OpenSslUnavailability.of(new UnsupportedOperationException(
				"OpenSSL was explicit disabled with -Dio.netty.handler.ssl.noOpenSsl=true"));
		assertThat(unavailability.reason())
			.isEqualTo("OpenSSL was explicit disabled with -Dio.netty.handler.ssl.noOpenSsl=true");
		assertThat(unavailability.remedy()).isEmpty();
	}

	private static UnsatisfiedLinkError linkError(String message, Throwable cause) {
		UnsatisfiedLinkError error = new UnsatisfiedLinkError(message);
		error.initCause(cause);
		return error;
	}

}
