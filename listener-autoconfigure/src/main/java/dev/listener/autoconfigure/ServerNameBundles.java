package dev.listener.autoconfigure;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.listener.pipeline.Tls;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * {@code listener.ssl.server-name-bundles}: one {@code SSLContext} whose key manager picks the key
 * of the bundle for the name the client asked for ({@link ServerNameKeyManager}), with the default
 * bundle's trust material, protocols and ciphers, as Boot's web servers take the default bundle's
 * for what is not the key. Each bundle reloads on its own: a reloaded SNI bundle replaces that
 * name's key only, the others keep theirs.
 * <p>
 * The key manager rather than a context per name (Netty's {@code SniHandler}, or peeking at the
 * ClientHello on the blocking engine): the JDK asks for the key with the requested name known, so
 * both engines serve SNI through the same context, the handshake (its timeout, its failures'
 * classification, the handler named {@code tls} on Netty) stays as it is, and the rule of which
 * name gets which key has this one home.
 */
final class ServerNameBundles {

	private static final Log logger = LogFactory.getLog(ServerNameBundles.class);

	/** A host name's labels, lower case; a wildcard is {@code *.} and such a name. */
	private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

	private final Tls.ClientAuth clientAuth;

	private SslBundle defaultBundle;

	private TrustManager[] trustManagers;

	/** The default bundle's key manager first, then each server name's, in order. */
	private final X509ExtendedKeyManager[] keyManagers;

	private final List<String> serverNames;

	private ServerNameBundles(Tls.ClientAuth clientAuth, SslBundle defaultBundle, TrustManager[] trustManagers,
			X509ExtendedKeyManager[] keyManagers, List<String> serverNames) {
		this.clientAuth = clientAuth;
		this.defaultBundle = defaultBundle;
		this.trustManagers = trustManagers;
		this.keyManagers = keyManagers;
		this.serverNames = serverNames;
	}

	/**
	 * Checks the entries, makes the listener's TLS and follows every bundle's reloads.
	 * @param pipelines for the reports' help: the bundles that exist, the missing files
	 */
	static Tls tls(SslBundles bundles, SslBundle defaultBundle, String defaultName, SocketProperties.Ssl ssl,
			ListenerPropertyNames names, Duration timeout, List<String> applicationProtocols,
			ConnectionPipelines pipelines) {
		List<SocketProperties.Ssl.ServerNameSslBundle> entries = ssl.getServerNameBundles();
		List<String> serverNames = new ArrayList<>();
		List<String> bundleNames = new ArrayList<>();
		Map<String, Integer> seen = new HashMap<>();
		X509ExtendedKeyManager[] keyManagers = new X509ExtendedKeyManager[entries.size() + 1];
		String defaultProperty = names.name("ssl.bundle");
		keyManagers[0] = keyManager(defaultBundle, defaultProperty, defaultName);
		for (int i = 0; i < entries.size(); i++) {
			SocketProperties.Ssl.ServerNameSslBundle entry = entries.get(i);
			String prefix = "ssl.server-name-bundles[" + i + "].";
			String serverName = serverName(entry.getServerName(), names.name(prefix + "server-name"), i, names);
			Integer earlier = seen.putIfAbsent(serverName.toLowerCase(Locale.ROOT), i);
			if (earlier != null) {
				throw new InvalidConfigurationPropertyValueException(names.name(prefix + "server-name"), serverName,
						"It is given already by " + names.name("ssl.server-name-bundles[" + earlier + "].server-name")
								+ ", and a name gets one bundle: remove one of the entries.");
			}
			String property = names.name(prefix + "bundle");
			String bundleName = entry.getBundle();
			if (bundleName == null || bundleName.isBlank()) {
				throw new InvalidConfigurationPropertyValueException(property, (bundleName != null) ? bundleName : "(none)",
						"Server name '" + serverName + "' needs the SSL bundle it is served with: set it to the name of "
								+ "one" + pipelines.existing() + ", or remove the entry.");
			}
			if (!bundles.getBundleNames().contains(bundleName)) {
				throw new InvalidConfigurationPropertyValueException(property, bundleName, "There is no SSL bundle named '"
						+ bundleName + "'" + pipelines.existing() + ": define it under spring.ssl.bundle.pem."
						+ bundleName + " or spring.ssl.bundle.jks." + bundleName + ", or use the name of one that exists.");
			}
			try {
				keyManagers[i + 1] = keyManager(bundles.getBundle(bundleName), property, bundleName);
			}
			catch (RuntimeException ex) {
				pipelines.checkExist(bundleName, property);
				throw ex;
			}
			serverNames.add(serverName);
			bundleNames.add(bundleName);
		}
		ServerNameBundles state = new ServerNameBundles(ssl.getClientAuth(), defaultBundle,
				defaultBundle.getManagers().getTrustManagers(), keyManagers, List.copyOf(serverNames));
		Tls tls = new Tls(state.material(defaultProperty, defaultName), ssl.getClientAuth(), timeout,
				applicationProtocols, serverNames, ssl.getProvider());
		bundles.addBundleUpdateHandler(defaultName,
				(updated) -> state.reload(tls, 0, updated, defaultProperty, defaultName));
		for (int i = 0; i < bundleNames.size(); i++) {
			int index = i + 1;
			String property = names.name("ssl.server-name-bundles[" + i + "].bundle");
			String bundleName = bundleNames.get(i);
			bundles.addBundleUpdateHandler(bundleName,
					(updated) -> state.reload(tls, index, updated, property, bundleName));
		}
		return tls;
	}

	private static String serverName(String serverName, String property, int index, ListenerPropertyNames names) {
		if (serverName == null || serverName.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(property, (serverName != null) ? serverName : "(none)",
					"Entry " + index + " of " + names.name("ssl.server-name-bundles")
							+ " needs the name clients ask for: set it to a host name such as a.example.test, or a "
							+ "wildcard such as *.example.test, or remove the entry.");
		}
		String name = serverName.strip();
		String host = ServerNameKeyManager.isWildcard(name) ? name.substring(2) : name;
		if (!HOST_NAME.matcher(host.toLowerCase(Locale.ROOT)).matches()) {
			throw new InvalidConfigurationPropertyValueException(property, serverName,
					"It is not a host name: write one such as a.example.test, or *.example.test for any one label "
							+ "in place of the '*' (a '*' elsewhere, an IP address or a port are not server names).");
		}
		return name;
	}

	private static X509ExtendedKeyManager keyManager(SslBundle bundle, String property, String name) {
		KeyManager[] managers;
		try {
			managers = bundle.getManagers().getKeyManagers();
		}
		catch (RuntimeException ex) {
			throw new InvalidConfigurationPropertyValueException(property, name, "SSL bundle '" + name
					+ "' has no usable key (" + ex.getMessage() + "): check its key, certificate and key alias.");
		}
		for (KeyManager manager : managers) {
			if (manager instanceof X509ExtendedKeyManager extended) {
				KeyPairCheck.check(extended, property, name);
				return extended;
			}
		}
		throw new InvalidConfigurationPropertyValueException(property, name,
				"SSL bundle '" + name + "' has no X.509 key for a server: give it a key store with the server's "
						+ "key and certificate.");
	}

	private Tls.Material material(String property, String name) {
		Map<String, X509ExtendedKeyManager> byName = new LinkedHashMap<>();
		for (int i = 0; i < this.serverNames.size(); i++) {
			byName.put(this.serverNames.get(i), this.keyManagers[i + 1]);
		}
		SslBundle bundle = this.defaultBundle;
		SSLContext context;
		ServerNameKeyManager keyManager = new ServerNameKeyManager(this.keyManagers[0], byName);
		try {
			context = SSLContext.getInstance(bundle.getProtocol());
			context.init(new KeyManager[] { keyManager }, this.trustManagers, null);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"SSL bundle '" + name + "' cannot make a TLS context (" + ex.getMessage()
							+ "): check its protocol, key and certificate.");
		}
		return ConnectionPipelines.material(context, bundle.getOptions(), property, name, keyManager,
				(this.trustManagers != null && this.trustManagers.length > 0) ? this.trustManagers[0] : null);
	}

	/**
	 * The reloaded bundle's key replaces its own only (the default bundle's trust material too);
	 * if it is unusable, new connections keep the previous material.
	 */
	private synchronized void reload(Tls tls, int index, SslBundle bundle, String property, String name) {
		X509ExtendedKeyManager previousKey = this.keyManagers[index];
		SslBundle previousBundle = this.defaultBundle;
		TrustManager[] previousTrust = this.trustManagers;
		try {
			this.keyManagers[index] = keyManager(bundle, property, name);
			if (index == 0) {
				this.defaultBundle = bundle;
				this.trustManagers = bundle.getManagers().getTrustManagers();
			}
			tls.update(material(property, name));
			logger.info("SSL bundle '" + name + "' reloaded: new connections of " + property
					+ ((index > 0) ? " (server name " + this.serverNames.get(index - 1) + ")" : "") + " use it");
		}
		catch (RuntimeException ex) {
			this.keyManagers[index] = previousKey;
			this.defaultBundle = previousBundle;
			this.trustManagers = previousTrust;
			logger.warn("SSL bundle '" + name + "' was reloaded but cannot be used; new connections of " + property
					+ " keep the previous key and certificate", ex);
		}
	}

}
