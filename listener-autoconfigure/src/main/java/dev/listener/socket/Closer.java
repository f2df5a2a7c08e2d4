package dev.listener.socket;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Closes everything in a list, so that one failure never leaves the rest open.
 */
final class Closer {

	private Closer() {
	}

	static @Nullable IOException closeAll(List<? extends Closeable> closeables) {
		IOException first = null;
		for (Closeable closeable : closeables) {
			try {
				closeable.close();
			}
			catch (IOException ex) {
				if (first == null) {
					first = ex;
				}
				else {
					first.addSuppressed(ex);
				}
			}
		}
		return first;
	}

	static void closeAfter(Throwable failure, List<? extends Closeable> closeables) {
		IOException ex = closeAll(closeables);
		if (ex != null) {
			failure.addSuppressed(ex);
		}
	}

}
