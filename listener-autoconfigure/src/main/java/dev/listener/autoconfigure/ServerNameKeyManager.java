package dev.listener.autoconfigure;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

import org.jspecify.annotations.Nullable;

/**
 * The server's key for the name the client asked for (SNI): the key manager of that name's
 * bundle, else the default bundle's. A name matches exactly, or a wildcard {@code *.example.test}
 * matches one label in its place ({@code a.example.test}, not {@code example.test} nor
 * {@code a.b.example.test}), as Netty's {@code DomainWildcardMappingBuilder} and certificates'
 * wildcards do; exact names before wildcards; case does not matter.
 * <p>
 * The JDK asks for the key with the handshake session in hand, whose requested names are set, so
 * one {@code SSLContext} serves every name on both engines; an alias is prefixed with its
 * manager's index so that the chain and the key come from the manager that chose it.
 */
final class ServerNameKeyManager extends X509ExtendedKeyManager {

	private final X509ExtendedKeyManager[] managers;

	/** Exact names, lower case, to their manager's index. */
	private final Map<String, Integer> exact = new LinkedHashMap<>();

	/** Wildcards' suffixes ({@code .example.test}), to their manager's index. */
	private final Map<String, Integer> wildcards = new LinkedHashMap<>();

	/**
	 * @param defaultManager the default bundle's, for a client with no or an unknown name
	 * @param byName the server names (exact or {@code *.} wildcards), in order, to their bundle's
	 */
	ServerNameKeyManager(X509ExtendedKeyManager defaultManager, Map<String, X509ExtendedKeyManager> byName) {
		List<X509ExtendedKeyManager> managers = new ArrayList<>();
		managers.add(defaultManager);
		byName.forEach((name, manager) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			Map<String, Integer> target = isWildcard(lower) ? this.wildcards : this.exact;
			target.putIfAbsent(isWildcard(lower) ? lower.substring(1) : lower, managers.size());
			managers.add(manager);
		});
		this.managers = managers.toArray(X509ExtendedKeyManager[]::new);
	}

	static boolean isWildcard(String name) {
		return name.startsWith("*.");
	}

	/** @return the index of the manager for the name, 0 (the default) when none matches */
	int select(@Nullable String serverName) {
		if (serverName == null) {
			return 0;
		}
		String name = serverName.toLowerCase(Locale.ROOT);
		Integer index = this.exact.get(name);
		if (index != null) {
			return index;
		}
		int dot = name.indexOf('.');
		if (dot > 0) {
			index = this.wildcards.get(name.substring(dot));
			if (index != null) {
				return index;
			}
		}
		return 0;
	}

	private static @Nullable String requestedName(@Nullable SSLSession session) {
		if (session instanceof ExtendedSSLSession extended) {
			for (SNIServerName name : extended.getRequestedServerNames()) {
				if (name instanceof SNIHostName host) {
					return host.getAsciiName();
				}
			}
		}
		return null;
	}

	@Override
	public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers, SSLEngine engine) {
		int index = select(requestedName(engine.getHandshakeSession()));
		return prefixed(index, this.managers[index].chooseEngineServerAlias(keyType, issuers, engine));
	}

	@Override
	public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
		int index = select((socket instanceof SSLSocket ssl) ? requestedName(ssl.getHandshakeSession()) : null);
		return prefixed(index, this.managers[index].chooseServerAlias(keyType, issuers, socket));
	}

	private static @Nullable String prefixed(int index, @Nullable String alias) {
		return (alias != null) ? index + ":" + alias : null;
	}

	@Override
	public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
		List<String> aliases = new ArrayList<>();
		for (int i = 0; i < this.managers.length; i++) {
			String[] own = this.managers[i].getServerAliases(keyType, issuers);
			if (own != null) {
				for (String alias : own) {
					aliases.add(i + ":" + alias);
				}
			}
		}
		return aliases.isEmpty() ? null : aliases.toArray(String[]::new);
	}

	@Override
	public X509Certificate @Nullable [] getCertificateChain(String alias) {
		int colon = alias.indexOf(':');
		return (colon > 0) ? manager(alias, colon).getCertificateChain(alias.substring(colon + 1)) : null;
	}

	@Override
	public @Nullable PrivateKey getPrivateKey(String alias) {
		int colon = alias.indexOf(':');
		return (colon > 0) ? manager(alias, colon).getPrivateKey(alias.substring(colon + 1)) : null;
	}

	private X509ExtendedKeyManager manager(String alias, int colon) {
		return this.managers[Integer.parseInt(alias, 0, colon, 10)];
	}

	/** A server has no client key. */
	@Override
	public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
		return null;
	}

	/** A server has no client key. */
	@Override
	public @Nullable String chooseClientAlias(String[] keyTypes, Principal @Nullable [] issuers,
			@Nullable Socket socket) {
		return null;
	}

}
