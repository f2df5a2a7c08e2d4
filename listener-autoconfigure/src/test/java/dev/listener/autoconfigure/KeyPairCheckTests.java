package dev.listener.autoconfigure;

import java.security.KeyPair;
import java.security.KeyPairGenerator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A private key and a certificate's public key are one pair only when the key's signature verifies. */
class KeyPairCheckTests {

	@Test
	void theKeysOfOnePairMatchForEachKeyType() throws Exception {
		for (String type : new String[] { "EC", "RSA", "Ed25519", "RSASSA-PSS", "DSA" }) {
			KeyPair pair = KeyPairGenerator.getInstance(type).generateKeyPair();
			assertThat(KeyPairCheck.matches(pair.getPrivate(), pair.getPublic())).as(type).isTrue();
		}
	}

	@Test
	void theKeysOfTwoPairsOfOneTypeDoNotMatch() throws Exception {
		for (String type : new String[] { "EC", "RSA", "Ed25519", "RSASSA-PSS" }) {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
			assertThat(KeyPairCheck.matches(generator.generateKeyPair().getPrivate(),
					generator.generateKeyPair().getPublic()))
				.as(type)
				.isFalse();
		}
	}

	@Test
	void keysOfTwoTypesDoNotMatch() throws Exception {
		KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
		KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
		assertThat(KeyPairCheck.matches(rsa.getPrivate(), ec.getPublic())).isFalse();
		assertThat(KeyPairCheck.matches(ec.getPrivate(), rsa.getPublic())).isFalse();
	}

}
