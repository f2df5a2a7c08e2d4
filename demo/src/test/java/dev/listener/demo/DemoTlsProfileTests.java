package dev.listener.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's {@code tls} profile against real clients: {@code openssl s_client} with and without a
 * client certificate, and Python's {@code ssl} module, which also sees a renewed certificate's
 * serial number once the PEM file is replaced. The certificates are made here, by openssl.
 */
class DemoTlsProfileTests {

	/** Echoes a line with a client certificate; prints the server's serial number (hex) and the echo. */
	private static final String PYTHON_CLIENT = String.join("\n", "import socket, ssl, sys",
			"context = ssl.create_default_context(cafile=sys.argv[1])",
			"context.load_cert_chain(sys.argv[3], sys.argv[4])",
			"with socket.create_connection(('127.0.0.1', int(sys.argv[2])), timeout=10) as raw:",
			"    with context.wrap_socket(raw, server_hostname='localhost') as tls:",
			"        tls.sendall(b'hello from python\\n')", "        data = b''",
			"        while not data.endswith(b'\\n'):", "            chunk = tls.recv(1024)",
			"            if not chunk:", "                break", "            data += chunk",
			"        print(tls.getpeercert()['serialNumber'], data.decode().strip())");

	@TempDir
	Path dir;

	@Test
	void realClientsAreEchoedAClientWithoutACertificateIsRefusedAndARenewedCertificateIsServed() throws Exception {
		Assumptions.assumeTrue(onPath("openssl"), "openssl is not installed (apt-get install openssl)");
		issue("ca", null, 0);
		issue("server", "subjectAltName=IP:127.0.0.1,DNS:localhost", 0x1000);
		issue("client", "extendedKeyUsage=clientAuth", 0x1001);
		int port = freePort();
		try (ConfigurableApplicationContext demo = new SpringApplicationBuilder(DemoApplication.class).profiles("tls")
			.run("--listener.port=" + port, "--listener.host=127.0.0.1", "--server.port=0",
					"--LISTENER_TLS_CERT=" + file("server.crt"), "--LISTENER_TLS_KEY=" + file("server.key"),
					"--LISTENER_TLS_CA=" + file("ca.crt"), "--LISTENER_TLS_CLIENT_AUTH=need",
					"--spring.ssl.bundle.watch.file.quiet-period=100ms")) {
			assertThat(sClient(port, "-cert", file("client.crt"), "-key", file("client.key")))
				.isEqualTo("hello from openssl");
			assertThat(sClient(port)).isNull();
			String prometheus = RestClient
				.create("http://127.0.0.1:" + ((WebServerApplicationContext) demo).getWebServer().getPort())
				.get()
				.uri("/actuator/prometheus")
				.retrieve()
				.body(String.class);
			assertThat(prometheus)
				.containsPattern("listener_tls_handshake_failures_total\\{[^}]*reason=\"certificate\"[^}]*\\} 1")
				.containsPattern("listener_tls_handshake_duration_seconds_count\\{[^}]*\\} 1");
			Assumptions.assumeTrue(onPath("python3"), "python3 is not installed (apt-get install python3)");
			assertThat(python(port)).isEqualTo("1000 hello from python");
			openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial",
					String.valueOf(0x2000), "-days", "2", "-extfile", "server.ext", "-out", "renewed.crt");
			Files.copy(this.dir.resolve("renewed.crt"), this.dir.resolve("server.crt"),
					StandardCopyOption.REPLACE_EXISTING);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(python(port)).isEqualTo("2000 hello from python"));
		}
	}

	/** A key and a certificate signed by the CA, or the self-signed CA itself when {@code extension} is null. */
	private void issue(String name, String extension, int serial) throws Exception {
		List<String> key = List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
				name + ".key", "-subj", "/CN=" + name);
		if (extension == null) {
			List<String> args = new ArrayList<>(List.of("req", "-x509", "-days", "2", "-out", name + ".crt"));
			args.addAll(key);
			openssl(args.toArray(String[]::new));
			return;
		}
		List<String> args = new ArrayList<>(List.of("req", "-out", name + ".csr"));
		args.addAll(key);
		openssl(args.toArray(String[]::new));
		Files.writeString(this.dir.resolve(name + ".ext"), extension + "\n");
		openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial",
				String.valueOf(serial), "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
	}

	/** Sends a line through {@code openssl s_client}; returns the first line back, null if none. */
	private String sClient(int port, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
				"-CAfile", file("ca.crt"), "-verify_return_error", "-quiet"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		try {
			OutputStream in = process.getOutputStream();
			in.write("hello from openssl\n".getBytes(StandardCharsets.UTF_8));
			in.flush();
			return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
				try {
					return new java.io.BufferedReader(
							new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
						.readLine();
				}
				catch (IOException ex) {
					return null;
				}
			}).get(20, TimeUnit.SECONDS);
		}
		finally {
			process.destroy();
			process.waitFor(5, TimeUnit.SECONDS);
		}
	}

	private String python(int port) throws Exception {
		return run("python3", "-c", PYTHON_CLIENT, file("ca.crt"), String.valueOf(port), file("client.crt"),
				file("client.key"));
	}

	private void openssl(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(args));
		run(command.toArray(String[]::new));
	}

	private String run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).directory(this.dir.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
		return output;
	}

	private String file(String name) {
		return this.dir.resolve(name).toString();
	}

	private static boolean onPath(String tool) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, tool))) {
				return true;
			}
		}
		return false;
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
