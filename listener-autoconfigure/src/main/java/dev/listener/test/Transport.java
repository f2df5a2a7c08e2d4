package dev.listener.test;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How the test client's bytes travel: a TCP socket (plain or TLS), a unix stream channel, or a
 * connected datagram socket. Every read is bounded by a timeout.
 */
interface Transport extends Closeable {

	/**
	 * Writes bytes: for a datagram transport, one datagram.
	 * @param bytes the bytes
	 * @throws IOException when the write fails
	 */
	void write(byte[] bytes) throws IOException;

	/**
	 * Reads what arrives: for a datagram transport, one datagram.
	 * @param buffer where to read into
	 * @param timeout how long to wait for a first byte
	 * @return the bytes read, {@code -1} at the end of the stream
	 * @throws java.net.SocketTimeoutException when nothing arrived in time
	 * @throws IOException when the read fails
	 */
	int read(byte[] buffer, Duration timeout) throws IOException;

	/** @return whether each write and read is a whole datagram */
	boolean isDatagram();

	/** @return the TLS session, {@code null} without TLS */
	default javax.net.ssl.@Nullable SSLSession tlsSession() {
		return null;
	}

	static int millis(Duration timeout) {
		long millis = Math.max(1, timeout.toMillis());
		return (int) Math.min(Integer.MAX_VALUE, millis);
	}

}
