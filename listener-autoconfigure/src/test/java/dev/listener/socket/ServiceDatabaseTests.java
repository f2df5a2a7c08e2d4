package dev.listener.socket;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ServiceDatabaseTests {

	private final ServiceDatabase database = ServiceDatabase.parse(List.of("# comment line",
			"http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP", "syslog\t\t514/udp", "echo 7/tcp", "echo 7/udp",
			"broken line", "bad\tport/tcp"));

	@Test
	void findsServiceByNameAndProtocol() {
		assertThat(this.database.port("http", "tcp")).hasValue(80);
		assertThat(this.database.port("syslog", "udp")).hasValue(514);
	}

	@Test
	void findsServiceByAlias() {
		assertThat(this.database.port("www", "tcp")).hasValue(80);
	}

	@Test
	void keepsProtocolsApart() {
		assertThat(this.database.port("http", "udp")).isEmpty();
		assertThat(this.database.port("syslog", "tcp")).isEmpty();
		assertThat(this.database.port("echo", "udp")).hasValue(7);
	}

	@Test
	void skipsMalformedLines() {
		assertThat(this.database.port("bad", "tcp")).isEmpty();
		assertThat(this.database.port("broken", "tcp")).isEmpty();
	}

	@Test
	void missingFileIsAnEmptyDatabase() {
		assertThat(ServiceDatabase.load(Path.of("/no/such/services")).port("http", "tcp")).isEmpty();
	}

	@Test
	void systemDatabaseKnowsHttp() {
		assumeTrue(Files.isReadable(Path.of("/etc/services")), "this machine has no /etc/services");
		assertThat(ServiceDatabase.system().port("http", "tcp")).hasValue(80);
	}

}
