package dev.listener.test;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * The client's TLS: it trusts the certificates in the key store of the listener's own bundle (the
 * certificate the listener presents, and the chain with it), and presents the key of a client
 * bundle when one is given.
 */
final class ClientTls {

	private ClientTls() {
	}

	static SSLContext context(String serverBundleName, SslBundle serverBundle, @Nullable SslBundle clientBundle)
			throws GeneralSecurityException {
		KeyStore serverKeys = serverBundle.getStores().getKeyStore();
		if (serverKeys == null) {
			throw new IllegalStateException("SSL bundle '" + serverBundleName
					+ "' has no key store: the test client trusts the certificate the listener serves from it");
		}
		KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
		try {
			trusted.load(null, null);
		}
		catch (java.io.IOException ex) {
			throw new GeneralSecurityException(ex);
		}
		int index = 0;
		for (String alias : Collections.list(serverKeys.aliases())) {
			Certificate[] chain = serverKeys.getCertificateChain(alias);
			if (chain == null) {
				Certificate certificate = serverKeys.getCertificate(alias);
				chain = (certificate != null) ? new Certificate[] { certificate } : new Certificate[0];
			}
			for (Certificate certificate : chain) {
				trusted.setCertificateEntry("listener-" + index++, certificate);
			}
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		KeyManager[] keys = (clientBundle != null) ? clientBundle.getManagers().getKeyManagers() : null;
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys, trust.getTrustManagers(), null);
		return context;
	}

}
