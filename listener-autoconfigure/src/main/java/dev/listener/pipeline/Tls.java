package dev.listener.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

import org.jspecify.annotations.Nullable;

/**
 * The TLS server side of a listener: the current key material, whom to ask for a certificate, and
 * how long a handshake may take. The material is swapped when its files change (a reloaded SSL
 * bundle); a connection takes the material current when it is accepted and keeps it.
 */
public final class Tls {

	private final ClientAuth clientAuth;

	private final Duration handshakeTimeout;

	private volatile Enabled enabled;

	private final List<String> applicationProtocols;

	private final String[] alpn;

	private final List<String> serverNames;

	private final Provider provider;

	/**
	 * @param material the key material to start with
	 * @param clientAuth whether clients present a certificate
	 * @param handshakeTimeout how long a handshake may take
	 */
	public Tls(Material material, ClientAuth clientAuth, Duration handshakeTimeout) {
		this(material, clientAuth, handshakeTimeout, List.of(), List.of());
	}

	/**
	 * @param material the key material to start with
	 * @param clientAuth whether clients present a certificate
	 * @param handshakeTimeout how long a handshake may take
	 * @param applicationProtocols the ALPN protocols, in the server's order of preference; empty for
	 * no ALPN
	 * @param serverNames the server names (SNI) with a bundle of their own, as configured, for the
	 * endpoint; the material's key manager picks their keys
	 */
	public Tls(Material material, ClientAuth clientAuth, Duration handshakeTimeout, List<String> applicationProtocols,
			List<String> serverNames) {
		this(material, clientAuth, handshakeTimeout, applicationProtocols, serverNames, Provider.AUTO);
	}

	/**
	 * @param material the key material to start with
	 * @param clientAuth whether clients present a certificate
	 * @param handshakeTimeout how long a handshake may take
	 * @param applicationProtocols the ALPN protocols, in the server's order of preference
	 * @param serverNames the server names (SNI) with a bundle of their own
	 * @param provider which TLS implementation the engine is asked to use
	 */
	public Tls(Material material, ClientAuth clientAuth, Duration handshakeTimeout, List<String> applicationProtocols,
			List<String> serverNames, Provider provider) {
		this.provider = provider;
		this.enabled = new Enabled(material);
		this.clientAuth = clientAuth;
		this.handshakeTimeout = handshakeTimeout;
		this.applicationProtocols = List.copyOf(applicationProtocols);
		this.alpn = this.applicationProtocols.toArray(String[]::new);
		this.serverNames = List.copyOf(serverNames);
	}

	/** @return the ALPN protocols, in the server's order of preference; empty for no ALPN */
	public List<String> applicationProtocols() {
		return this.applicationProtocols;
	}

	/** @return the server names with a bundle of their own; empty when every client gets the default one */
	public List<String> serverNames() {
		return this.serverNames;
	}

	/**
	 * Offers the ALPN protocols on an engine made from this listener's material: a client that
	 * offers ALPN and none of them is refused with the alert {@code no_application_protocol}; a
	 * client that offers no ALPN is served without it.
	 * @param engine a server-side engine
	 */
	private void negotiateApplicationProtocols(SSLEngine engine) {
		if (this.alpn.length > 0) {
			SSLParameters parameters = engine.getSSLParameters();
			parameters.setApplicationProtocols(this.alpn);
			engine.setSSLParameters(parameters);
		}
	}

	/** @return which TLS implementation the engine is asked to use */
	public Provider provider() {
		return this.provider;
	}

	/** @return the key material new connections use */
	public Material material() {
		return this.enabled.material();
	}

	/**
	 * Makes new connections use other key material; open connections keep theirs.
	 * @param material the new material
	 */
	public void update(Material material) {
		this.enabled = new Enabled(material);
	}

	/** @return whether clients present a certificate */
	public ClientAuth clientAuth() {
		return this.clientAuth;
	}

	/** @return how long a handshake may take before the connection is closed */
	public Duration handshakeTimeout() {
		return this.handshakeTimeout;
	}

	/** @return a server-side engine from the current material, with its protocols, ciphers and client auth */
	public SSLEngine newEngine() {
		Enabled enabled = this.enabled;
		SSLEngine engine = enabled.material().context().createSSLEngine();
		engine.setUseClientMode(false);
		Material.enable(engine, enabled.protocols(), enabled.cipherSuites());
		if (this.clientAuth == ClientAuth.NEED) {
			engine.setNeedClientAuth(true);
		}
		else if (this.clientAuth == ClientAuth.WANT) {
			engine.setWantClientAuth(true);
		}
		negotiateApplicationProtocols(engine);
		return engine;
	}

	/**
	 * The material with its protocols and cipher suites as the engine takes them, worked out once
	 * per material rather than for every connection.
	 */
	private record Enabled(Material material, String @Nullable [] protocols, String[] cipherSuites) {

		Enabled(Material material) {
			this(material, Material.array(material.protocols()), material.cipherSuites().toArray(String[]::new));
		}

	}

	/**
	 * What a handshake is made with: a context holding the key and trust managers, and the
	 * protocols and cipher suites to enable ({@code null} for the JDK's defaults). Checked when it
	 * is made, so that a protocol or cipher suite the JDK does not know stops startup (or a reload)
	 * rather than failing every handshake.
	 *
	 * @param context the context
	 * @param protocols the protocols, such as {@code TLSv1.3}, or {@code null}
	 * @param ciphers the cipher suites, or {@code null}
	 * @param keyManager the context's key manager, for a TLS implementation other than the JDK's
	 * (OpenSSL on Netty), or {@code null}
	 * @param trustManager the context's trust manager, likewise, or {@code null}
	 */
	public record Material(SSLContext context, @Nullable List<String> protocols, @Nullable List<String> ciphers,
			@Nullable KeyManager keyManager, @Nullable TrustManager trustManager) {

		/**
		 * @param context the context, all there is of the key material
		 * @param protocols the protocols, or {@code null}
		 * @param ciphers the cipher suites, or {@code null}
		 */
		public Material(SSLContext context, @Nullable List<String> protocols, @Nullable List<String> ciphers) {
			this(context, protocols, ciphers, null, null);
		}

		/**
		 * @throws IllegalArgumentException naming a protocol or cipher suite the context does not support
		 */
		public Material {
			protocols = (protocols != null) ? List.copyOf(protocols) : null;
			ciphers = (ciphers != null) ? List.copyOf(ciphers) : null;
			enable(context.createSSLEngine(), array(protocols), array(ciphers));
		}

		/**
		 * The bundle's cipher suites, in its order; without them, the JDK's defaults with each
		 * AES-256-GCM suite after its AES-128-GCM counterpart (the JDK's server picks in its own order,
		 * and lists AES-256 first). AES-128-GCM is TLS 1.3's mandatory suite and what Netty's defaults
		 * and Go's TLS list first; it costs both ends less CPU per byte. (BoringSSL, the OpenSSL
		 * provider, has no server order for TLS 1.3: with AES hardware it takes the client's first
		 * AES-GCM suite, AES-256 from OpenSSL 3's client.) A {@code jdk.tls.server.cipherSuites} system
		 * property is an order of the user's: kept.
		 * @return the cipher suites to enable, in order of preference
		 */
		public List<String> cipherSuites() {
			if (this.ciphers != null) {
				return this.ciphers;
			}
			List<String> suites = new ArrayList<>(List.of(this.context.getDefaultSSLParameters().getCipherSuites()));
			if (System.getProperty("jdk.tls.server.cipherSuites") != null) {
				return suites;
			}
			for (int at = 0; at < suites.size(); at++) {
				String suite = suites.get(at);
				int counterpart = suites.indexOf(suite.replace("_AES_256_GCM_SHA384", "_AES_128_GCM_SHA256"));
				if (suite.endsWith("_AES_256_GCM_SHA384") && counterpart > at) {
					suites.set(counterpart, suite);
					suites.set(at, suite.replace("_AES_256_GCM_SHA384", "_AES_128_GCM_SHA256"));
				}
			}
			return suites;
		}

		/** Enables the protocols and cipher suites on an engine, each unless {@code null} (the JDK's defaults). */
		private static void enable(SSLEngine engine, String @Nullable [] protocols, String @Nullable [] ciphers) {
			if (protocols != null) {
				engine.setEnabledProtocols(protocols);
			}
			if (ciphers != null) {
				engine.setEnabledCipherSuites(ciphers);
			}
		}

		private static String @Nullable [] array(@Nullable List<String> names) {
			return (names != null) ? names.toArray(String[]::new) : null;
		}

	}

	/**
	 * Which TLS implementation serves the handshakes and records.
	 */
	public enum Provider {

		/** OpenSSL where the engine supports it and netty-tcnative loads, else the JDK's. */
		AUTO,

		/** The JDK's {@code SSLEngine}. */
		JDK,

		/** OpenSSL (BoringSSL) through netty-tcnative: on the Netty engine only. */
		OPENSSL

	}

	/**
	 * Whether clients present a certificate, checked against the trust material.
	 */
	public enum ClientAuth {

		/** No client certificate is asked for. */
		NONE,

		/** A client certificate is asked for; a client without one is served. */
		WANT,

		/** A client certificate is required, and checked against the bundle's trust material. */
		NEED

	}

}
