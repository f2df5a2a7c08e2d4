package dev.listener.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.LinkedHashSet;
import java.util.Set;

import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Refuses an SSL bundle whose private key is not the key of its certificate: the JDK loads such a
 * pair without a word, and then every handshake fails. Each key signs a probe that its
 * certificate's public key must verify.
 */
final class KeyPairCheck {

	/** The key types a server's key manager is asked for, as the JDK's names them. */
	private static final String[] KEY_TYPES = { "RSA", "EC", "EdDSA", "Ed25519", "Ed448", "RSASSA-PSS", "DSA" };

	private static final byte[] PROBE = "listener key pair check".getBytes(StandardCharsets.US_ASCII);

	private KeyPairCheck() {
	}

	/**
	 * Checks every server key of a key manager against its certificate.
	 * @param manager the bundle's key manager, {@code null} for none
	 * @param property the listener's property that names the bundle
	 * @param name the bundle's name
	 * @throws InvalidConfigurationPropertyValueException naming the property when a key is not its
	 * certificate's
	 */
	static void check(@Nullable KeyManager manager, String property, String name) {
		if (!(manager instanceof X509KeyManager keys)) {
			return;
		}
		Set<String> aliases = new LinkedHashSet<>();
		for (String type : KEY_TYPES) {
			String[] found = keys.getServerAliases(type, null);
			if (found != null) {
				aliases.addAll(Set.of(found));
			}
		}
		for (String alias : aliases) {
			PrivateKey key = keys.getPrivateKey(alias);
			X509Certificate[] chain = keys.getCertificateChain(alias);
			if (key != null && chain != null && chain.length > 0 && !matches(key, chain[0].getPublicKey())) {
				throw new InvalidConfigurationPropertyValueException(property, name, "The private key of SSL bundle '"
						+ name + "' (alias '" + alias + "') is not the key of its certificate ("
						+ chain[0].getSubjectX500Principal().getName() + "), so every handshake would fail: give the "
						+ "bundle the key and the certificate of one pair (spring.ssl.bundle.pem." + name
						+ ".keystore.private-key and .certificate, or the entry of its key store).");
			}
		}
	}

	/**
	 * @param key a private key
	 * @param certificateKey the public key of a certificate
	 * @return whether they are one pair; {@code true} for a key type this check cannot sign with
	 */
	static boolean matches(PrivateKey key, PublicKey certificateKey) {
		if (!key.getAlgorithm().equals(certificateKey.getAlgorithm())) {
			return false;
		}
		String algorithm = signatureAlgorithm(key.getAlgorithm());
		if (algorithm == null) {
			return true;
		}
		try {
			AlgorithmParameterSpec parameters = parameters(key);
			Signature signer = Signature.getInstance(algorithm);
			signer.initSign(key);
			if (parameters != null) {
				signer.setParameter(parameters);
			}
			signer.update(PROBE);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(certificateKey);
			if (parameters != null) {
				verifier.setParameter(parameters);
			}
			verifier.update(PROBE);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			// a key that cannot sign what its own certificate would verify is no pair either
			return false;
		}
	}

	/**
	 * RSASSA-PSS signs only with parameters: the key's own, where it is restricted to some, else
	 * SHA-256 with MGF1 and a 32-byte salt.
	 */
	private static @Nullable AlgorithmParameterSpec parameters(PrivateKey key) {
		if (!"RSASSA-PSS".equals(key.getAlgorithm())) {
			return null;
		}
		if (key instanceof RSAKey rsa && rsa.getParams() instanceof PSSParameterSpec restricted) {
			return restricted;
		}
		return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, PSSParameterSpec.TRAILER_FIELD_BC);
	}

	private static @Nullable String signatureAlgorithm(String keyAlgorithm) {
		return switch (keyAlgorithm) {
			case "RSA" -> "SHA256withRSA";
			case "EC" -> "SHA256withECDSA";
			case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
			case "RSASSA-PSS" -> "RSASSA-PSS";
			case "DSA" -> "SHA256withDSA";
			default -> null;
		};
	}

}
