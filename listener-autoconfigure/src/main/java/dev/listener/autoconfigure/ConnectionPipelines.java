package dev.listener.autoconfigure;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import dev.listener.pipeline.AddressFilter;
import dev.listener.pipeline.Cidr;
import dev.listener.pipeline.ClientLimits;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Durations;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.Tls;
import dev.listener.socket.Family;
import dev.listener.socket.SocketType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Maps a listener's {@code allow}/{@code deny}, {@code proxy-protocol.*}, {@code ssl.*} and
 * {@code framing.*} properties onto its {@link ConnectionPipeline}, refusing a bad value with a
 * report that names the property, the value and what to write instead.
 */
final class ConnectionPipelines {

	private static final Log logger = LogFactory.getLog(ConnectionPipelines.class);

	private static final Duration MAX_PROXY_TIMEOUT = Duration.ofHours(1);

	/** Far beyond any handshake, and within what a deadline in nanoseconds can hold. */
	private static final Duration MAX_HANDSHAKE_TIMEOUT = Duration.ofHours(1);

	/** The largest max-frame-size: a frame must fit in one array or Netty buffer, with room to spare. */
	private static final DataSize MAX_FRAME_SIZE = DataSize.ofGigabytes(1);

	private final @Nullable SslBundles sslBundles;

	/** Where the bundles are written, to name the property of a file that is missing. */
	private final @Nullable Environment environment;

	ConnectionPipelines(@Nullable SslBundles sslBundles) {
		this(sslBundles, null);
	}

	ConnectionPipelines(@Nullable SslBundles sslBundles, @Nullable Environment environment) {
		this.sslBundles = sslBundles;
		this.environment = environment;
	}

	ConnectionPipeline of(SocketProperties properties, ListenerPropertyNames names) {
		return of(properties, names, ClientLimits.OFF);
	}

	ConnectionPipeline of(SocketProperties properties, ListenerPropertyNames names, ClientLimits limits) {
		return new ConnectionPipeline(access(properties, names), proxyProtocol(properties, names),
				tls(properties, names), framing(properties, names), limits);
	}

	/** The address lists; both apply to TCP listeners only, where a connection is accepted. */
	private AddressFilter access(SocketProperties properties, ListenerPropertyNames names) {
		if (properties.getAllow().isEmpty() && properties.getDeny().isEmpty()) {
			return AddressFilter.ALLOW_ALL;
		}
		String property = properties.getAllow().isEmpty() ? "deny" : "allow";
		List<String> values = properties.getAllow().isEmpty() ? properties.getDeny() : properties.getAllow();
		requireTcp(properties, names, property + "[0]", values.get(0));
		return new AddressFilter(cidrs(properties.getAllow(), names, "allow"),
				cidrs(properties.getDeny(), names, "deny"));
	}

	private ProxyProtocol proxyProtocol(SocketProperties properties, ListenerPropertyNames names) {
		SocketProperties.ProxyProtocol proxy = properties.getProxyProtocol();
		List<Cidr> trusted = cidrs(proxy.getTrusted(), names, "proxy-protocol.trusted");
		if (proxy.getMode() == ProxyProtocol.Mode.OFF) {
			return ProxyProtocol.OFF;
		}
		String mode = names.name("proxy-protocol.mode");
		requireTcp(properties, names, "proxy-protocol.mode", PropertyChecks.lower(proxy.getMode()));
		if (trusted.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(names.name("proxy-protocol.trusted"), "(empty)",
					"With " + mode + "=" + PropertyChecks.lower(proxy.getMode()) + " only trusted balancers may send a header: "
							+ "list their networks, as in " + names.name("proxy-protocol.trusted") + "=10.0.0.0/8, "
							+ "or set " + mode + " to off.");
		}
		Duration timeout = proxy.getTimeout();
		if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_PROXY_TIMEOUT) > 0) {
			throw new InvalidConfigurationPropertyValueException(names.name("proxy-protocol.timeout"), Durations.format(timeout),
					"It must be positive and at most 1 hour: set a duration such as 5s (a number alone is in "
							+ "seconds), or remove it for 10 seconds.");
		}
		return new ProxyProtocol(proxy.getMode(), trusted, timeout);
	}

	private static List<Cidr> cidrs(List<String> values, ListenerPropertyNames names, String property) {
		List<Cidr> cidrs = new ArrayList<>(values.size());
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			try {
				cidrs.add(Cidr.parse(value.strip()));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(names.name(property + "[" + i + "]"), value,
						ex.getMessage());
			}
		}
		return cidrs;
	}

	/**
	 * The address lists and the PROXY protocol apply where a TCP connection is accepted: a unix
	 * peer has no IP address, and a datagram has no connection to refuse or header to start with.
	 */
	private static void requireTcp(SocketProperties properties, ListenerPropertyNames names, String property,
			Object value) {
		boolean unix = properties.getFamily() == Family.UNIX;
		if (unix || properties.getSocketType() != SocketType.STREAM) {
			String what = property.replaceAll("\\[0]$", "");
			throw new InvalidConfigurationPropertyValueException(names.name(property), value, what
					+ " applies to TCP listeners, as it acts on each accepted connection, and this one is "
					+ (unix ? "a unix listener (restrict it with the socket file's permissions)"
							: "a " + PropertyChecks.lower(properties.getSocketType()) + " listener")
					+ ": remove it, or set it on a TCP listener.");
		}
	}

	/**
	 * The TLS server side from the named SSL bundle, following the bundle's reloads as Boot's web
	 * servers do: the bundle's protocols, ciphers and key alias, its trust material for client
	 * certificates.
	 */
	private @Nullable Tls tls(SocketProperties properties, ListenerPropertyNames names) {
		SocketProperties.Ssl ssl = properties.getSsl();
		Duration timeout = ssl.getHandshakeTimeout();
		if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_HANDSHAKE_TIMEOUT) > 0) {
			throw new InvalidConfigurationPropertyValueException(names.name("ssl.handshake-timeout"), Durations.format(timeout),
					"It must be positive and at most 1 hour: set a duration such as 10s (a number alone is in "
							+ "seconds), or remove it for 10 seconds.");
		}
		String name = ssl.getBundle();
		if (name == null) {
			if (ssl.getClientAuth() != Tls.ClientAuth.NONE) {
				throw new InvalidConfigurationPropertyValueException(names.name("ssl.client-auth"),
						PropertyChecks.lower(ssl.getClientAuth()),
						"It applies to TLS only: set " + names.name("ssl.bundle") + " too, or remove it.");
			}
			requireDefaultBundle(ssl, names);
			return null;
		}
		String property = names.name("ssl.bundle");
		if (name.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"It is empty: set it to the name of an SSL bundle" + existing() + ", or remove it for plain TCP.");
		}
		if (properties.getSocketType() != SocketType.STREAM) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"It does not apply to " + PropertyChecks.lower(properties.getSocketType())
							+ " listeners (TLS runs over stream sockets; DTLS is not supported): remove it, or set "
							+ names.name("socket-type") + " to stream.");
		}
		SslBundles bundles = this.sslBundles;
		if (bundles == null || !bundles.getBundleNames().contains(name)) {
			throw new InvalidConfigurationPropertyValueException(property, name, "There is no SSL bundle named '"
					+ name + "'" + existing() + ": define it under spring.ssl.bundle.pem." + name
					+ " or spring.ssl.bundle.jks." + name + ", or use the name of one that exists.");
		}
		SslBundle bundle;
		Tls.Material material;
		try {
			bundle = bundles.getBundle(name);
			material = material(bundle, property, name);
		}
		catch (RuntimeException ex) {
			SslBundleFiles.checkExist(this.environment, name, property);
			throw ex;
		}
		requireTrustStore(bundle, ssl.getClientAuth(), names, name);
		List<String> applicationProtocols = applicationProtocols(ssl, names);
		if (!ssl.getServerNameBundles().isEmpty()) {
			return ServerNameBundles.tls(bundles, bundle, name, ssl, names, timeout, applicationProtocols, this);
		}
		Tls tls = new Tls(material, ssl.getClientAuth(), timeout, applicationProtocols, List.of(), ssl.getProvider());
		bundles.addBundleUpdateHandler(name, (updated) -> reload(tls, updated, property, name));
		return tls;
	}

	/**
	 * Client certificates are checked against the bundle's trust store; without one the JDK would
	 * check them against its own certificate authorities, so that a certificate any public CA
	 * issued would do.
	 */
	private static void requireTrustStore(SslBundle bundle, Tls.ClientAuth clientAuth, ListenerPropertyNames names,
			String name) {
		if (clientAuth != Tls.ClientAuth.NONE && bundle.getStores().getTrustStore() == null) {
			String property = names.name("ssl.client-auth");
			throw new InvalidConfigurationPropertyValueException(property, PropertyChecks.lower(clientAuth),
					"SSL bundle '" + name + "' has no trust store to check client certificates against (the JDK's "
							+ "certificate authorities would be trusted instead): set spring.ssl.bundle.pem." + name
							+ ".truststore.certificate (or spring.ssl.bundle.jks." + name
							+ ".truststore.location), or set " + property + " to none.");
		}
	}

	/** New connections get the reloaded material; if it is unusable, they keep the previous one. */
	private static void reload(Tls tls, SslBundle bundle, String property, String name) {
		try {
			tls.update(material(bundle, property, name));
			logger.info("SSL bundle '" + name + "' reloaded: new connections of " + property + " use it");
		}
		catch (RuntimeException ex) {
			logger.warn("SSL bundle '" + name + "' was reloaded but cannot be used; new connections of " + property
					+ " keep the previous key and certificate", ex);
		}
	}

	/**
	 * Server names and ALPN are chosen in the TLS handshake: without {@code ssl.bundle} (the default
	 * bundle, which also serves clients that ask for no name or another one) the listener has none.
	 */
	private static void requireDefaultBundle(SocketProperties.Ssl ssl, ListenerPropertyNames names) {
		String bundle = names.name("ssl.bundle");
		if (!ssl.getServerNameBundles().isEmpty()) {
			String serverName = ssl.getServerNameBundles().get(0).getServerName();
			throw new InvalidConfigurationPropertyValueException(names.name("ssl.server-name-bundles[0].server-name"),
					(serverName != null) ? serverName : "(none)",
					"A server name picks its bundle in the TLS handshake, and this listener has no TLS: " + bundle
							+ " is not set. Set " + bundle + " to the SSL bundle for clients that ask for no name "
							+ "or for a name not listed, or remove " + names.name("ssl.server-name-bundles") + ".");
		}
		if (!ssl.getApplicationProtocols().isEmpty()) {
			String protocol = ssl.getApplicationProtocols().get(0);
			throw new InvalidConfigurationPropertyValueException(names.name("ssl.application-protocols[0]"),
					(protocol != null) ? protocol : "(none)",
					"ALPN is negotiated in the TLS handshake, and this listener has no TLS: " + bundle
							+ " is not set. Set " + bundle + " to the SSL bundle that serves its connections, or "
							+ "remove " + names.name("ssl.application-protocols") + ".");
		}
	}

	/** ALPN's protocol names are 1 to 255 bytes (RFC 7301). */
	private static List<String> applicationProtocols(SocketProperties.Ssl ssl, ListenerPropertyNames names) {
		List<String> protocols = ssl.getApplicationProtocols();
		for (int i = 0; i < protocols.size(); i++) {
			String protocol = protocols.get(i);
			int length = (protocol != null) ? protocol.getBytes(StandardCharsets.UTF_8).length : 0;
			if (length == 0 || length > 255 || protocols.indexOf(protocol) < i) {
				throw new InvalidConfigurationPropertyValueException(names.name("ssl.application-protocols[" + i + "]"),
						(protocol != null) ? protocol : "(none)",
						((length == 0) ? "It is empty" : (length > 255) ? "It is longer than 255 bytes" : "It is listed twice")
								+ ": list each protocol once, by its ALPN name, such as h2 or http/1.1.");
			}
		}
		return protocols;
	}

	/** Names the property of a bundle's file that does not exist, if one does not. */
	void checkExist(String bundle, String property) {
		SslBundleFiles.checkExist(this.environment, bundle, property);
	}

	/** @return the bundles that exist, as a report says them */
	String existing() {
		List<String> names = (this.sslBundles != null) ? this.sslBundles.getBundleNames().stream().sorted().toList()
				: List.of();
		return names.isEmpty() ? " (no bundle is defined)" : " (the bundles that exist: " + String.join(", ", names) + ")";
	}

	private static Tls.Material material(SslBundle bundle, String property, String name) {
		SSLContext context;
		try {
			context = bundle.createSslContext();
		}
		catch (RuntimeException ex) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"SSL bundle '" + name + "' cannot make a TLS context (" + ex.getMessage()
							+ "): check its key, certificate and key alias.");
		}
		KeyManager keyManager = first(bundle.getManagers().getKeyManagers());
		KeyPairCheck.check(keyManager, property, name);
		return material(context, bundle.getOptions(), property, name, keyManager,
				first(bundle.getManagers().getTrustManagers()));
	}

	private static <T> @Nullable T first(T @Nullable [] managers) {
		return (managers != null && managers.length > 0) ? managers[0] : null;
	}

	/** The context with the bundle's protocols and ciphers, checked, and its managers for OpenSSL. */
	static Tls.Material material(SSLContext context, SslOptions options, String property, String name,
			@Nullable KeyManager keyManager, @Nullable TrustManager trustManager) {
		try {
			return new Tls.Material(context, list(options.getEnabledProtocols()), list(options.getCiphers()),
					keyManager, trustManager);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"The options of SSL bundle '" + name + "' name what the JDK does not support (" + ex.getMessage()
							+ "): fix spring.ssl.bundle.*." + name + ".options.enabled-protocols or .ciphers.");
		}
	}

	private static @Nullable List<String> list(String @Nullable [] values) {
		return (values != null) ? List.of(values) : null;
	}

	private Framing framing(SocketProperties properties, ListenerPropertyNames names) {
		SocketProperties.Framing framing = properties.getFraming();
		DataSize maxFrameSize = framing.getMaxFrameSize();
		if (maxFrameSize.toBytes() < 1 || maxFrameSize.toBytes() > MAX_FRAME_SIZE.toBytes()) {
			throw new InvalidConfigurationPropertyValueException(names.name("framing.max-frame-size"), maxFrameSize,
					"It must be at least 1 byte and at most 1GB: set a size such as 64KB (a number alone is in "
							+ "bytes), or remove it for 64KB.");
		}
		int max = (int) maxFrameSize.toBytes();
		SocketProperties.Framing.LengthField field = framing.getLengthField();
		Framing.LengthField lengthField = new Framing.LengthField(field.getLength(),
				(field.getByteOrder() == SocketProperties.ByteOrder.BIG_ENDIAN) ? ByteOrder.BIG_ENDIAN
						: ByteOrder.LITTLE_ENDIAN,
				field.isIncludesLength());
		checkLengthField(lengthField, (framing.getType() == Framing.Type.LENGTH_FIELD) ? max : 0, names);
		if (framing.getType() == Framing.Type.NONE) {
			return Framing.NONE;
		}
		String text = framing.getDelimiter();
		byte[] delimiter = (text != null) ? text.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (framing.getType() == Framing.Type.DELIMITER && delimiter.length == 0) {
			throw new InvalidConfigurationPropertyValueException(names.name("framing.delimiter"), "",
					"It is not set, and frames need a delimiter when " + names.name("framing.type")
							+ " is delimiter: set the bytes that end a frame, such as \"\\0\" in YAML, or set the "
							+ "type to line.");
		}
		return new Framing(framing.getType(), max, framing.getLineEnding(), lengthField, delimiter);
	}

	/** Checks the field's size, and that it fits max-frame-size (zero when another type is used). */
	private static void checkLengthField(Framing.LengthField field, int maxFrameSize, ListenerPropertyNames names) {
		String length = names.name("framing.length-field.length");
		if (field.length() != 1 && field.length() != 2 && field.length() != 4 && field.length() != 8) {
			throw new InvalidConfigurationPropertyValueException(length, field.length(),
					"A length field is 1, 2, 4 or 8 bytes: set one of these, or remove it for 4.");
		}
		if (field.largestFrame() < maxFrameSize) {
			throw new InvalidConfigurationPropertyValueException(length, field.length(),
					"A " + field.length() + "-byte field describes frames of at most " + field.largestFrame()
							+ " bytes, less than " + names.name("framing.max-frame-size") + " (" + maxFrameSize
							+ " bytes): set a longer field, or lower max-frame-size to " + field.largestFrame() + "B.");
		}
	}

}
