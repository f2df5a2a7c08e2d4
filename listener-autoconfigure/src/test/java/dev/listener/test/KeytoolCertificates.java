package dev.listener.test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Self-signed PKCS#12 key stores made by the JDK's {@code keytool} (always there with the JDK): a
 * server's for 127.0.0.1 and localhost, a client's, and a trust store of the server holding the
 * client's certificate, with the SSL bundle properties naming them.
 */
final class KeytoolCertificates {

	static final String PASSWORD = "secret";

	private final Path dir;

	private KeytoolCertificates(Path dir) {
		this.dir = dir;
	}

	static KeytoolCertificates in(Path dir) throws Exception {
		KeytoolCertificates certificates = new KeytoolCertificates(dir);
		certificates.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", "server.p12");
		certificates.keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=test client", "-validity", "2", "-keystore", "client.p12");
		certificates.keytool("-exportcert", "-alias", "client", "-keystore", "client.p12", "-file", "client.crt");
		certificates.keytool("-importcert", "-noprompt", "-alias", "client", "-file", "client.crt", "-keystore",
				"clients.p12");
		return certificates;
	}

	/** @return the properties of a JKS-style bundle of the server's key, trusting the client's certificate */
	String[] serverBundle(String name) {
		return new String[] { bundle(name, "keystore", "server.p12"), bundle(name, "truststore", "clients.p12"),
				"spring.ssl.bundle.jks." + name + ".keystore.password=" + PASSWORD,
				"spring.ssl.bundle.jks." + name + ".keystore.type=PKCS12",
				"spring.ssl.bundle.jks." + name + ".truststore.password=" + PASSWORD,
				"spring.ssl.bundle.jks." + name + ".truststore.type=PKCS12" };
	}

	/** @return the properties of a bundle of the client's key */
	String[] clientBundle(String name) {
		return new String[] { bundle(name, "keystore", "client.p12"),
				"spring.ssl.bundle.jks." + name + ".keystore.password=" + PASSWORD,
				"spring.ssl.bundle.jks." + name + ".keystore.type=PKCS12" };
	}

	private String bundle(String name, String store, String file) {
		return "spring.ssl.bundle.jks." + name + "." + store + ".location=file:" + this.dir.resolve(file);
	}

	private void keytool(String... args) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(args));
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
		Process process = new ProcessBuilder(command).directory(this.dir.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
	}

}
