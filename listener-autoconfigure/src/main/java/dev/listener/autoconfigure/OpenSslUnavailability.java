package dev.listener.autoconfigure;

import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Why netty-tcnative, on the class path, did not load, from the cause Netty's {@code OpenSsl}
 * gives, and what to do about it. Netty's own message only says that none of the library names it
 * tried loaded; the reason is in what it suppressed, one per name: a name whose natives are not in
 * the jar is left out, and what went wrong with the others (unpacking them into Netty's work dir,
 * or loading them from there) is told.
 */
final class OpenSslUnavailability {

	private final String reason;

	/** The natives of this platform are in the jar, and unpacking or loading them failed. */
	private final boolean nativesFound;

	/** Netty tried native libraries, rather than being told not to (or failing otherwise). */
	private final boolean nativesTried;

	private OpenSslUnavailability(String reason, boolean nativesTried, boolean nativesFound) {
		this.reason = reason;
		this.nativesTried = nativesTried;
		this.nativesFound = nativesFound;
	}

	/**
	 * @param cause what {@code OpenSsl.unavailabilityCause()} returned
	 * @return the reason and the remedy
	 */
	static OpenSslUnavailability of(@Nullable Throwable cause) {
		if (cause == null) {
			return new OpenSslUnavailability("Netty gives no reason", false, false);
		}
		List<String> failures = new ArrayList<>();
		boolean tried = false;
		for (Throwable suppressed : cause.getSuppressed()) {
			if (suppressed instanceof UnsatisfiedLinkError) {
				tried = true;
				Throwable root = root(suppressed);
				if (!(root instanceof FileNotFoundException)) {
					failures.add(message(suppressed) + ((root != suppressed) ? " (" + message(root) + ")" : ""));
				}
			}
		}
		StringBuilder reason = new StringBuilder(message(cause));
		for (String failure : failures) {
			reason.append("; ").append(failure);
		}
		return new OpenSslUnavailability(reason.toString(), tried, !failures.isEmpty());
	}

	/** @return why it did not load, in Netty's words */
	String reason() {
		return this.reason;
	}

	/** @return what to do so that it loads, empty when the reason says it all */
	String remedy() {
		if (this.nativesFound) {
			return "Netty unpacks the natives into its work dir (-Dio.netty.native.workdir, by default the temporary "
					+ "directory) and loads them from there: it must be a writable directory on a file system not "
					+ "mounted noexec.";
		}
		if (this.nativesTried) {
			return "The jar has no natives for this platform (" + System.getProperty("os.name") + ", "
					+ System.getProperty("os.arch") + "): add netty-tcnative-boringssl-static without a classifier "
					+ "(every platform's) or with this platform's.";
		}
		return "";
	}

	/** @return the reason and the remedy as one sentence or two, each ending with a full stop and a space */
	String explanation() {
		String remedy = remedy();
		return this.reason + ". " + (remedy.isEmpty() ? "" : remedy + " ");
	}

	private static Throwable root(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

	private static String message(Throwable failure) {
		return (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getName();
	}

}
