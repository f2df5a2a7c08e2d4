package dev.listener.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * A TCP connection: the PROXY header first, on the plain socket, then the TLS handshake when there
 * is a context, as a balancer in front of a TLS listener does it.
 */
final class SocketTransport implements Transport {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private SocketTransport(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	static SocketTransport connect(InetSocketAddress address, byte @Nullable [] proxyHeader,
			@Nullable SSLContext tls, Duration timeout) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(address, Transport.millis(timeout));
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(Transport.millis(timeout));
			if (proxyHeader != null) {
				socket.getOutputStream().write(proxyHeader);
				socket.getOutputStream().flush();
			}
			if (tls == null) {
				return new SocketTransport(socket);
			}
			SSLSocket secure = (SSLSocket) tls.getSocketFactory()
				.createSocket(socket, address.getHostString(), address.getPort(), true);
			secure.setUseClientMode(true);
			secure.setSoTimeout(Transport.millis(timeout));
			secure.startHandshake();
			return new SocketTransport(secure);
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	@Override
	public void write(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	@Override
	public int read(byte[] buffer, Duration timeout) throws IOException {
		this.socket.setSoTimeout(Transport.millis(timeout));
		return this.in.read(buffer);
	}

	@Override
	public boolean isDatagram() {
		return false;
	}

	@Override
	public @Nullable SSLSession tlsSession() {
		return (this.socket instanceof SSLSocket secure) ? secure.getSession() : null;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
