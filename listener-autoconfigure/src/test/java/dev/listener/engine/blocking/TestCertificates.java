package dev.listener.engine.blocking;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Assumptions;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * A test CA with certificates it signed, made by {@code openssl} in a directory: the server's
 * (for 127.0.0.1 and localhost), a client's, and a client's that expired in 2020. EC P-256 keys,
 * quick to make. A test without {@code openssl} is skipped, saying so.
 */
final class TestCertificates {

	private final Path dir;

	private int serial = 4096;

	private TestCertificates(Path dir) {
		this.dir = dir;
	}

	static TestCertificates in(Path dir) throws Exception {
		Assumptions.assumeTrue(onPath("openssl"), "openssl is not installed: the TLS tests need it to make certificates");
		TestCertificates certificates = new TestCertificates(dir);
		certificates.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
				"-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=listener test CA");
		certificates.issue("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
		certificates.issue("client", "/CN=client", "extendedKeyUsage=clientAuth");
		certificates.issueExpired("expired", "/CN=expired client");
		return certificates;
	}

	static boolean onPath(String tool) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, tool))) {
				return true;
			}
		}
		return false;
	}

	/** Signs a new key for {@code name} ({@code name.key}, {@code name.crt}) with a new serial number. */
	void issue(String name, String subject, String extension) throws Exception {
		Files.writeString(this.dir.resolve(name + ".ext"), extension + "\n");
		openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
				name + ".key", "-out", name + ".csr", "-subj", subject);
		openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial",
				String.valueOf(this.serial++), "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
	}

	/** {@code openssl x509} cannot date a certificate in the past; {@code openssl ca} can. */
	private void issueExpired(String name, String subject) throws Exception {
		Files.writeString(this.dir.resolve("ca.cnf"), String.join("\n", "[ ca ]", "default_ca = test", "[ test ]",
				"database = index.txt", "new_certs_dir = .", "serial = serial", "default_md = sha256",
				"policy = any", "unique_subject = no", "[ any ]", "commonName = supplied", ""));
		Files.writeString(this.dir.resolve("index.txt"), "");
		Files.writeString(this.dir.resolve("serial"), "0100\n");
		openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
				name + ".key", "-out", name + ".csr", "-subj", subject);
		openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key", "-in", name + ".csr",
				"-out", name + ".crt", "-notext", "-startdate", "20200101000000Z", "-enddate", "20200102000000Z");
	}

	Path path(String file) {
		return this.dir.resolve(file);
	}

	/** @return {@code file:} locations, as spring.ssl.bundle.pem.* takes them */
	String location(String file) {
		return "file:" + path(file);
	}

	/** @return the properties of a PEM bundle holding the server's key and trusting the CA, reloaded on change */
	String[] serverBundle(String bundle) {
		String prefix = "spring.ssl.bundle.pem." + bundle + ".";
		return new String[] { prefix + "keystore.certificate=" + location("server.crt"),
				prefix + "keystore.private-key=" + location("server.key"),
				prefix + "truststore.certificate=" + location("ca.crt"), prefix + "reload-on-update=true",
				"spring.ssl.bundle.watch.file.quiet-period=100ms" };
	}

	BigInteger serial(String name) throws Exception {
		try (var in = Files.newInputStream(path(name + ".crt"))) {
			return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
				.getSerialNumber();
		}
	}

	/** @return a client context trusting the CA, presenting the named client's certificate unless null */
	SSLContext client(String name) {
		PemSslStoreDetails key = (name != null)
				? PemSslStoreDetails.forCertificate(location(name + ".crt")).withPrivateKey(location(name + ".key"))
				: null;
		return SslBundle.of(new PemSslStoreBundle(key, PemSslStoreDetails.forCertificate(location("ca.crt"))))
			.createSslContext();
	}

	void openssl(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(this.dir.toFile()).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException(command + " failed: " + new String(output, StandardCharsets.UTF_8));
		}
	}

}
