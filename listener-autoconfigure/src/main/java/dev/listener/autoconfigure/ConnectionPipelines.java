package dev.listener.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;

import dev.listener.pipeline.AddressFilter;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.Tls;
import dev.listener.socket.SocketType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * Maps a listener's {@code allow}/{@code deny}, {@code proxy-protocol.*}, {@code ssl.*} and
 * {@code framing.*} properties onto its {@link ConnectionPipeline}, refusing a bad value with a
 * report that names the property, the value and what to write instead.
 */
final class ConnectionPipelines {

	private static final Log logger = LogFactory.getLog(ConnectionPipelines.class);

	private final @Nullable SslBundles sslBundles;

	ConnectionPipelines(@Nullable SslBundles sslBundles) {
		this.sslBundles = sslBundles;
	}

	ConnectionPipeline of(SocketProperties properties, ListenerPropertyNames names) {
		return new ConnectionPipeline(access(properties, names), proxyProtocol(properties, names),
				tls(properties, names), framing(properties, names));
	}

	private AddressFilter access(SocketProperties properties, ListenerPropertyNames names) {
		return AddressFilter.ALLOW_ALL;
	}

	private ProxyProtocol proxyProtocol(SocketProperties properties, ListenerPropertyNames names) {
		return ProxyProtocol.OFF;
	}

	/**
	 * The TLS server side from the named SSL bundle, following the bundle's reloads as Boot's web
	 * servers do: the bundle's protocols, ciphers and key alias, its trust material for client
	 * certificates.
	 */
	private @Nullable Tls tls(SocketProperties properties, ListenerPropertyNames names) {
		SocketProperties.Ssl ssl = properties.getSsl();
		Duration timeout = ssl.getHandshakeTimeout();
		if (timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException(names.name("ssl.handshake-timeout"), timeout,
					"It must be positive: set a duration such as 10s (a number alone is in seconds), or remove it "
							+ "for 10 seconds.");
		}
		String name = ssl.getBundle();
		if (name == null) {
			if (ssl.getClientAuth() != Tls.ClientAuth.NONE) {
				throw new InvalidConfigurationPropertyValueException(names.name("ssl.client-auth"),
						ssl.getClientAuth().name().toLowerCase(Locale.ROOT),
						"It applies to TLS only: set " + names.name("ssl.bundle") + " too, or remove it.");
			}
			return null;
		}
		String property = names.name("ssl.bundle");
		if (name.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"It is empty: set it to the name of an SSL bundle" + existing() + ", or remove it for plain TCP.");
		}
		if (properties.getSocketType() != SocketType.STREAM) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"It does not apply to " + properties.getSocketType().name().toLowerCase(Locale.ROOT)
							+ " listeners (TLS runs over stream sockets; DTLS is not supported): remove it, or set "
							+ names.name("socket-type") + " to stream.");
		}
		SslBundles bundles = this.sslBundles;
		if (bundles == null || !bundles.getBundleNames().contains(name)) {
			throw new InvalidConfigurationPropertyValueException(property, name, "There is no SSL bundle named '"
					+ name + "'" + existing() + ": define it under spring.ssl.bundle.pem." + name
					+ " or spring.ssl.bundle.jks." + name + ", or use the name of one that exists.");
		}
		SslBundle bundle = bundles.getBundle(name);
		Tls tls = new Tls(material(bundle, property, name), ssl.getClientAuth(), timeout);
		bundles.addBundleUpdateHandler(name, (updated) -> reload(tls, updated, property, name));
		return tls;
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

	/** @return the bundles that exist, as a report says them */
	private String existing() {
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
		SslOptions options = bundle.getOptions();
		try {
			return new Tls.Material(context, list(options.getEnabledProtocols()), list(options.getCiphers()));
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
		return Framing.NONE;
	}

}
