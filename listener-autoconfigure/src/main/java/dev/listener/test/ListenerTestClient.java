package dev.listener.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

import dev.listener.pipeline.Framing;
import dev.listener.socket.Listener;
import dev.listener.socket.Listeners;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;

/**
 * A client of a listener, for tests, as {@code WebTestClient} is for a web server: it connects to a
 * listener of the application context by name, over TCP, UDP or a unix socket as the listener is
 * bound; with TLS when the listener serves it, trusting the certificate of the listener's own SSL
 * bundle; with a PROXY protocol header when asked; and in the listener's framing
 * ({@code listener.framing.*}), so that a test sends and expects whole messages:
 *
 * <pre class="code">
 * &#64;SpringBootTest(properties = { "listener.port=0", "listener.framing.type=line" })
 * class EchoTests {
 *
 *     &#64;Autowired
 *     ApplicationContext context;
 *
 *     &#64;Test
 *     void echoes() {
 *         try (ListenerTestClient client = ListenerTestClient.connect(this.context)) {
 *             client.send("hi").expect("hi");
 *         }
 *     }
 *
 * }
 * </pre>
 *
 * Every read waits at most the client's timeout (5 seconds unless {@link Builder#timeout} says
 * otherwise); a message that does not come, or differs, fails with an {@link AssertionError} naming
 * the listener, what was expected and what came. Over UDP each message is one datagram. Not
 * thread-safe: one client per test thread.
 */
public final class ListenerTestClient implements AutoCloseable {

	/** How long a read waits unless the builder says otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private final String name;

	private final Transport transport;

	private final ClientFrames frames;

	private final Duration timeout;

	private final byte[] buffer = new byte[65536];

	private ListenerTestClient(String name, Transport transport, Framing framing, Duration timeout) {
		this.name = name;
		this.transport = transport;
		this.frames = new ClientFrames(framing);
		this.timeout = timeout;
	}

	/**
	 * Connects to the listener named {@code default} (the one under {@code listener.*}).
	 * @param context the application context holding the listener
	 * @return the connected client
	 */
	public static ListenerTestClient connect(ApplicationContext context) {
		return to(context, "default").connect();
	}

	/**
	 * Connects to a listener by name, with what its configuration says (TLS, framing).
	 * @param context the application context holding the listener
	 * @param name the listener's name ({@code listener.sockets.<name>})
	 * @return the connected client
	 */
	public static ListenerTestClient connect(ApplicationContext context, String name) {
		return to(context, name).connect();
	}

	/**
	 * A builder for a client of a listener, to add a PROXY header, a client certificate, or another
	 * timeout before connecting.
	 * @param context the application context holding the listener
	 * @param name the listener's name
	 * @return the builder
	 */
	public static Builder to(ApplicationContext context, String name) {
		return new Builder(context, name);
	}

	/**
	 * Sends a message: its UTF-8 bytes, framed as the listener's framing says.
	 * @param message the message
	 * @return this client
	 */
	public ListenerTestClient send(String message) {
		return send(message.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends a message, framed as the listener's framing says (one datagram over UDP).
	 * @param message the message's bytes
	 * @return this client
	 */
	public ListenerTestClient send(byte[] message) {
		byte[] bytes = this.transport.isDatagram() ? message : this.frames.encode(message);
		try {
			this.transport.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not send to listener '" + this.name + "'", ex);
		}
		return this;
	}

	/**
	 * Expects the next message to be this one (UTF-8); without framing, the next as many bytes.
	 * @param expected the message
	 * @return this client
	 * @throws AssertionError when another message comes, or none within the timeout
	 */
	public ListenerTestClient expect(String expected) {
		return expect(expected.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Expects the next message to be these bytes; without framing, the next as many bytes.
	 * @param expected the message's bytes
	 * @return this client
	 * @throws AssertionError when another message comes, or none within the timeout
	 */
	public ListenerTestClient expect(byte[] expected) {
		byte[] received = next(expected.length, this.timeout, text(expected));
		if (!Arrays.equals(expected, received)) {
			throw new AssertionError("Expected " + text(expected) + " from listener '" + this.name + "' but received "
					+ text(received));
		}
		return this;
	}

	/**
	 * Receives the next message within the client's timeout.
	 * @return the message, as UTF-8
	 * @throws AssertionError when none comes in time, or the listener closes the connection
	 */
	public String receive() {
		return receive(this.timeout);
	}

	/**
	 * Receives the next message: a frame, a datagram, or without framing whatever bytes came in.
	 * @param timeout how long to wait
	 * @return the message, as UTF-8
	 * @throws AssertionError when none comes in time, or the listener closes the connection
	 */
	public String receive(Duration timeout) {
		return new String(receiveBytes(timeout), StandardCharsets.UTF_8);
	}

	/**
	 * Receives the next message's bytes.
	 * @param timeout how long to wait
	 * @return the message
	 * @throws AssertionError when none comes in time, or the listener closes the connection
	 */
	public byte[] receiveBytes(Duration timeout) {
		return next(-1, timeout, "a message");
	}

	/**
	 * Expects the listener to close the connection (an orderly close or a reset) within the
	 * timeout, with no message before.
	 * @throws AssertionError when a message comes, or the connection stays open
	 */
	public void expectClosed() {
		if (this.transport.isDatagram()) {
			throw new IllegalStateException("Listener '" + this.name + "' is a datagram listener: it has no "
					+ "connection to close");
		}
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (true) {
			if (this.frames.hasPending()) {
				throw new AssertionError("Expected listener '" + this.name + "' to close the connection but received "
						+ text(this.frames.pending()));
			}
			try {
				int read = this.transport.read(this.buffer, remaining(deadline));
				if (read < 0) {
					return;
				}
				this.frames.add(this.buffer, read);
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError("Expected listener '" + this.name + "' to close the connection within "
						+ this.timeout.toMillis() + " ms, but it stayed open");
			}
			catch (SocketException ex) {
				return; // a reset: closed too
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/**
	 * The TLS session of this connection, to check its protocol, cipher suite or certificates.
	 * @return the session, {@code null} without TLS
	 */
	public @Nullable SSLSession tlsSession() {
		return this.transport.tlsSession();
	}

	/** Closes the connection (or the datagram socket). */
	@Override
	public void close() {
		try {
			this.transport.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private byte[] next(int wanted, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (!this.transport.isDatagram()) {
				byte[] message = this.frames.next(wanted);
				if (message != null) {
					return message;
				}
			}
			int read;
			try {
				read = this.transport.read(this.buffer, remaining(deadline));
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError("Expected " + what + " from listener '" + this.name + "' within "
						+ timeout.toMillis() + " ms but received " + (this.frames.hasPending()
								? "only part of one: " + text(this.frames.pending())
								: "nothing"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not receive from listener '" + this.name + "'", ex);
			}
			if (read < 0) {
				throw new AssertionError("Expected " + what + " from listener '" + this.name
						+ "' but it closed the connection");
			}
			if (this.transport.isDatagram()) {
				return Arrays.copyOf(this.buffer, read);
			}
			this.frames.add(this.buffer, read);
		}
	}

	private static Duration remaining(long deadline) throws SocketTimeoutException {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			throw new SocketTimeoutException("Read timed out");
		}
		return Duration.ofNanos(left);
	}

	private static String text(byte[] bytes) {
		String text = new String(bytes, StandardCharsets.UTF_8);
		return '"' + text.replace("\r", "\\r").replace("\n", "\\n") + "\" (" + bytes.length + " bytes)";
	}

	/**
	 * Sets up a client before it connects.
	 */
	public static final class Builder {

		private final ApplicationContext context;

		private final String name;

		private Duration timeout = DEFAULT_TIMEOUT;

		private @Nullable String tlsBundle;

		private boolean plain;

		private @Nullable String clientBundle;

		private int proxyVersion;

		private @Nullable InetSocketAddress proxyClient;

		private @Nullable Framing framing;

		private Builder(ApplicationContext context, String name) {
			this.context = context;
			this.name = name;
		}

		/**
		 * How long connecting, the TLS handshake and each read may take.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("The timeout must be positive, was " + timeout);
			}
			this.timeout = timeout;
			return this;
		}

		/**
		 * Speaks TLS, trusting the certificate of this bundle's key store, whatever the listener's
		 * {@code ssl.bundle} says.
		 * @param bundle the name of an SSL bundle ({@code spring.ssl.bundle.*})
		 * @return this builder
		 */
		public Builder tls(String bundle) {
			this.tlsBundle = bundle;
			this.plain = false;
			return this;
		}

		/**
		 * Connects in plain TCP even to a TLS listener (to check that it refuses such a client).
		 * @return this builder
		 */
		public Builder withoutTls() {
			this.plain = true;
			this.tlsBundle = null;
			return this;
		}

		/**
		 * Presents the key and certificate of this bundle's key store in the TLS handshake, for a
		 * listener with {@code ssl.client-auth}.
		 * @param bundle the name of an SSL bundle
		 * @return this builder
		 */
		public Builder clientCertificate(String bundle) {
			this.clientBundle = bundle;
			return this;
		}

		/**
		 * Starts the connection with a PROXY protocol version 1 header (the text line), as a
		 * balancer sending {@code send-proxy} does.
		 * @param client the client address the header carries
		 * @return this builder
		 */
		public Builder proxyV1(InetSocketAddress client) {
			this.proxyVersion = 1;
			this.proxyClient = client;
			return this;
		}

		/**
		 * Starts the connection with a PROXY protocol version 2 header (binary), as a balancer
		 * sending {@code send-proxy-v2} does.
		 * @param client the client address the header carries
		 * @return this builder
		 */
		public Builder proxyV2(InetSocketAddress client) {
			this.proxyVersion = 2;
			this.proxyClient = client;
			return this;
		}

		/**
		 * Frames messages otherwise than the listener's configuration says.
		 * @param framing the framing
		 * @return this builder
		 */
		public Builder framing(Framing framing) {
			this.framing = framing;
			return this;
		}

		/**
		 * Connects to the listener.
		 * @return the connected client
		 */
		public ListenerTestClient connect() {
			Listener listener = listener();
			ListenerConfiguration configuration = new ListenerConfiguration(this.context.getEnvironment(), this.name);
			Framing framing = (this.framing != null) ? this.framing : configuration.framing();
			SocketAddress address = address(listener);
			try {
				return new ListenerTestClient(this.name, transport(listener, address, configuration), framing,
						this.timeout);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not connect to listener '" + this.name + "' at " + address, ex);
			}
		}

		private Transport transport(Listener listener, SocketAddress address, ListenerConfiguration configuration)
				throws IOException {
			String bundle = this.plain ? null : (this.tlsBundle != null) ? this.tlsBundle : configuration.sslBundle();
			if (address instanceof UnixDomainSocketAddress unix) {
				requireNone(bundle, "TLS", "a unix");
				requireNone(this.proxyClient, "a PROXY header", "a unix");
				return UnixTransport.connect(unix);
			}
			InetSocketAddress inet = (InetSocketAddress) address;
			if (listener.isDatagram()) {
				requireNone(bundle, "TLS", "a datagram");
				requireNone(this.proxyClient, "a PROXY header", "a datagram");
				return DatagramTransport.connect(inet);
			}
			byte[] header = (this.proxyClient == null) ? null
					: (this.proxyVersion == 1) ? ProxyHeaders.v1(this.proxyClient, inet)
							: ProxyHeaders.v2(this.proxyClient, inet);
			return SocketTransport.connect(inet, header, (bundle != null) ? sslContext(bundle) : null, this.timeout);
		}

		private void requireNone(@Nullable Object option, String what, String kind) {
			if (option != null) {
				throw new IllegalStateException("Listener '" + this.name + "' is " + kind + " listener: the test client "
						+ "speaks " + what + " over TCP only");
			}
		}

		private SSLContext sslContext(String bundle) {
			SslBundles bundles = this.context.getBeanProvider(SslBundles.class).getIfAvailable();
			if (bundles == null) {
				throw new IllegalStateException("Listener '" + this.name + "' serves TLS from SSL bundle '" + bundle
						+ "', but the context has no SslBundles bean");
			}
			SslBundle server = bundles.getBundle(bundle);
			SslBundle client = (this.clientBundle != null) ? bundles.getBundle(this.clientBundle) : null;
			try {
				return ClientTls.context(bundle, server, client);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Could not make the TLS client of SSL bundle '" + bundle + "'", ex);
			}
		}

		private Listener listener() {
			ObjectProvider<Listeners> listeners = this.context.getBeanProvider(Listeners.class);
			Listeners all = listeners.getIfAvailable();
			if (all != null) {
				return all.get(this.name);
			}
			List<Listener> beans = this.context.getBeanProvider(Listener.class).orderedStream().toList();
			return beans.stream()
				.filter((listener) -> listener.name().equals(this.name))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("No listener named '" + this.name + "'; there are "
						+ beans.stream().map(Listener::name).toList()));
		}

		/** The listener's first address; a wildcard is reached on the loopback of its family. */
		private static SocketAddress address(Listener listener) {
			SocketAddress bound = listener.boundAddresses().get(0);
			if (bound instanceof InetSocketAddress inet && inet.getAddress().isAnyLocalAddress()) {
				return new InetSocketAddress(loopback(inet.getAddress()), inet.getPort());
			}
			return bound;
		}

		private static InetAddress loopback(InetAddress wildcard) {
			try {
				return (wildcard instanceof java.net.Inet6Address) ? InetAddress.getByName("::1")
						: InetAddress.getByName("127.0.0.1");
			}
			catch (java.net.UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
