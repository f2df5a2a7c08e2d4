package dev.listener.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.listener.handler.ConnectionHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.listener.autoconfigure.ListenerAutoConfigurationTests.causeOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad value of {@code listener.ssl.server-name-bundles} and {@code application-protocols}
 * stops startup with a report naming the property; bundles {@code server} and {@code a} of a key
 * {@code openssl} makes once.
 */
class ServerNameBundleReportTests {

	@TempDir
	static Path dir;

	private static ApplicationContextRunner runner;

	@BeforeAll
	static void makeBundles() throws Exception {
		SelfSignedKey.makeIn(dir);
		SelfSignedKey.makeIn(dir, "other");
		runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ListenerAutoConfiguration.class,
					ListenerServerAutoConfiguration.class))
			.withBean(ConnectionHandler.class, () -> (connection) -> {
			})
			.withPropertyValues("listener.host=127.0.0.1", "listener.port=0")
			.withPropertyValues(bundle("server", "server"))
			.withPropertyValues(bundle("a", "server"));
	}

	/** Bundle {@code mixed}: the server's certificate with the key of another pair. */
	private static String mixed(String property) {
		return switch (property) {
			case "certificate" -> "spring.ssl.bundle.pem.mixed.keystore.certificate=file:" + dir.resolve("server.crt");
			default -> "spring.ssl.bundle.pem.mixed.keystore.private-key=file:" + dir.resolve("other.key");
		};
	}

	private static String[] bundle(String name, String files) {
		return new String[] {
				"spring.ssl.bundle.pem." + name + ".keystore.certificate=file:" + dir.resolve(files + ".crt"),
				"spring.ssl.bundle.pem." + name + ".keystore.private-key=file:" + dir.resolve(files + ".key") };
	}

	private static InvalidConfigurationPropertyValueException failure(String... properties) {
		List<InvalidConfigurationPropertyValueException> failure = new java.util.ArrayList<>();
		runner.withPropertyValues(properties).run((AssertableApplicationContext context) -> failure
			.add(causeOf(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class)));
		return failure.get(0);
	}

	@Test
	void aDefaultBundleWhoseKeyIsNotItsCertificatesIsReportedAtTheBundleProperty() {
		InvalidConfigurationPropertyValueException failure = failure(mixed("certificate"), mixed("key"),
				"listener.ssl.bundle=mixed");
		assertThat(failure.getName()).isEqualTo("listener.ssl.bundle");
		assertThat(failure.getValue()).isEqualTo("mixed");
		assertThat(failure.getReason()).contains("The private key of SSL bundle 'mixed'")
			.contains("is not the key of its certificate (CN=localhost)")
			.contains("spring.ssl.bundle.pem.mixed.keystore.private-key");
	}

	@Test
	void aServerNameBundleWhoseKeyIsNotItsCertificatesIsReportedAtItsEntry() {
		InvalidConfigurationPropertyValueException failure = failure(mixed("certificate"), mixed("key"),
				"listener.ssl.bundle=server", "listener.ssl.server-name-bundles[0].server-name=a.test",
				"listener.ssl.server-name-bundles[0].bundle=mixed");
		assertThat(failure.getName()).isEqualTo("listener.ssl.server-name-bundles[0].bundle");
		assertThat(failure.getReason()).contains("is not the key of its certificate");
	}

	@Test
	void anEntryWithoutABundleIsReportedAtItsBundle() {
		InvalidConfigurationPropertyValueException failure = failure("listener.ssl.bundle=server",
				"listener.ssl.server-name-bundles[0].server-name=a.test");
		assertThat(failure.getName()).isEqualTo("listener.ssl.server-name-bundles[0].bundle");
		assertThat(failure.getReason()).contains("Server name 'a.test' needs the SSL bundle")
			.contains("the bundles that exist: a, server");
	}

	@Test
	void anEntryWithoutAServerNameIsReportedAtItsServerName() {
		InvalidConfigurationPropertyValueException failure = failure("listener.ssl.bundle=server",
				"listener.ssl.server-name-bundles[0].bundle=a");
		assertThat(failure.getName()).isEqualTo("listener.ssl.server-name-bundles[0].server-name");
		assertThat(failure.getReason()).contains("needs the name clients ask for");
	}

	@Test
	void anUnknownBundleIsReportedListingTheBundlesThatExist() {
		InvalidConfigurationPropertyValueException failure = failure("listener.ssl.bundle=server",
				"listener.ssl.server-name-bundles[0].server-name=a.test",
				"listener.ssl.server-name-bundles[0].bundle=nosuch");
		assertThat(failure.getName()).isEqualTo("listener.ssl.server-name-bundles[0].bundle");
		assertThat(failure.getValue()).isEqualTo("nosuch");
		assertThat(failure.getReason()).contains("There is no SSL bundle named 'nosuch' (the bundles that exist: a, server)");
	}

	@Test
	void aNameGivenTwiceIsReportedAtTheSecondNamingTheFirst() {
		InvalidConfigurationPropertyValueException failure = failure("listener.ssl.bundle=server",
				"listener.ssl.server-name-bundles[0].server-name=a.test",
				"listener.ssl.server-name-bundles[0].bundle=a",
				"listener.ssl.server-name-bundles[1].server-name=A.test",
				"listener.ssl.server-name-bundles[1].bundle=server");
		assertThat(failure.getName()).isEqualTo("listener.ssl.server-name-bundles[1].server-name");
		assertThat(failure.getReason()).contains("given already by listener.ssl.server-name-bundles[0].server-name");
	}

	@Test
	void aNameThatIsNotAHostNameIsReported() {
		for (String name : List.of("a.*.test", "*", "a.test:443", "-a.test")) {
			InvalidConfigurationPropertyValueException failure = failure("listener.ssl.bundle=server",
					"listener.ssl.server-name-bundles[0].server-name=" + name,
					"listener.ssl.server-name-bundles[0].bundle=a");
			assertThat(failure.getName()).isEqualTo("listener.ssl.server-name-bundles[0].server-name");
			assertThat(failure.getReason()).as(name).contains("It is not a host name");
		}
	}

	@Test
	void serverNamesWithoutTheDefaultBundleAreReported() {
		InvalidConfigurationPropertyValueException failure = failure(
				"listener.ssl.server-name-bundles[0].server-name=a.test",
				"listener.ssl.server-name-bundles[0].bundle=a");
		assertThat(failure.getName()).isEqualTo("listener.ssl.server-name-bundles[0].server-name");
		assertThat(failure.getValue()).isEqualTo("a.test");
		assertThat(failure.getReason()).isEqualTo("A server name picks its bundle in the TLS handshake, and this "
				+ "listener has no TLS: listener.ssl.bundle is not set. Set listener.ssl.bundle to the SSL bundle for "
				+ "clients that ask for no name or for a name not listed, or remove listener.ssl.server-name-bundles.");
	}

	@Test
	void applicationProtocolsWithoutTheDefaultBundleAreReported() {
		InvalidConfigurationPropertyValueException failure = failure("listener.ssl.application-protocols=h2");
		assertThat(failure.getName()).isEqualTo("listener.ssl.application-protocols[0]");
		assertThat(failure.getValue()).isEqualTo("h2");
		assertThat(failure.getReason()).isEqualTo("ALPN is negotiated in the TLS handshake, and this listener has "
				+ "no TLS: listener.ssl.bundle is not set. Set listener.ssl.bundle to the SSL bundle that serves its "
				+ "connections, or remove listener.ssl.application-protocols.");
	}

	@Test
	void aNamedListenersApplicationProtocolsWithoutItsBundleNameItsOwnProperties() {
		InvalidConfigurationPropertyValueException failure = failure("listener.sockets.game.port=0",
				"listener.sockets.game.ssl.application-protocols=h2");
		assertThat(failure.getName()).isEqualTo("listener.sockets.game.ssl.application-protocols[0]");
		assertThat(failure.getReason()).contains("Set listener.sockets.game.ssl.bundle to the SSL bundle")
			.contains("or remove listener.sockets.game.ssl.application-protocols.");
	}

	@Test
	void clientAuthWithoutATrustStoreNamesTheNamedListenersClientAuthInFull() {
		InvalidConfigurationPropertyValueException failure = failure("listener.sockets.game.port=0",
				"listener.sockets.game.ssl.bundle=server", "listener.sockets.game.ssl.client-auth=need");
		assertThat(failure.getName()).isEqualTo("listener.sockets.game.ssl.client-auth");
		assertThat(failure.getValue()).isEqualTo("need");
		assertThat(failure.getReason()).contains("SSL bundle 'server' has no trust store")
			.endsWith("or set listener.sockets.game.ssl.client-auth to none.");
	}

	@Test
	void anApplicationProtocolListedTwiceIsReported() {
		InvalidConfigurationPropertyValueException failure = failure("listener.ssl.bundle=server",
				"listener.ssl.application-protocols=h2,http/1.1,h2");
		assertThat(failure.getName()).isEqualTo("listener.ssl.application-protocols[2]");
		assertThat(failure.getReason()).contains("It is listed twice");
	}

	@Test
	void aMissingFileOfAServerNamesBundleIsReportedAtThePropertyThatNamesIt() {
		String missing = "file:" + dir.resolve("missing.crt");
		InvalidConfigurationPropertyValueException failure = failure("listener.ssl.bundle=server",
				"listener.ssl.server-name-bundles[0].server-name=b.test", "listener.ssl.server-name-bundles[0].bundle=b",
				"spring.ssl.bundle.pem.b.keystore.certificate=" + missing,
				"spring.ssl.bundle.pem.b.keystore.private-key=file:" + dir.resolve("server.key"));
		assertThat(failure.getName()).isEqualTo("spring.ssl.bundle.pem.b.keystore.certificate");
		assertThat(failure.getReason()).contains("does not exist")
			.contains("listener.ssl.server-name-bundles[0].bundle");
	}

	@Test
	void aNamedListenersEntryIsReportedUnderItsOwnName() {
		InvalidConfigurationPropertyValueException failure = failure("listener.sockets.game.port=0",
				"listener.sockets.game.ssl.bundle=server", "listener.sockets.game.ssl.server-name-bundles[0].server-name=a.test",
				"listener.sockets.game.ssl.server-name-bundles[0].bundle=nosuch");
		assertThat(failure.getName()).isEqualTo("listener.sockets.game.ssl.server-name-bundles[0].bundle");
	}

}
