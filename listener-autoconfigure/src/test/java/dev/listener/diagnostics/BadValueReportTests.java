package dev.listener.diagnostics;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every {@code listener.*} property through a table of bad values (empty, spaces, negative, zero,
 * overflow, wrong type, wrong unit, a value that fits another property, an option that does not
 * apply to the socket type), for the listener under {@code listener.*} and for a named one: each
 * stops startup with a report that names the property and the value and says what is valid, and
 * none with a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadValueReportTests {

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', value = {
			// property | value | what the report must also say
			"family | '' | It is empty", "family | '  ' | It is empty", "family | inet7 | valid values are inet",
			"family | 2 | valid values are inet", "socket-type | '' | It is empty", "socket-type | tcp | valid values are stream",
			"protocol | '' | It is empty", "protocol | 6x | valid values are tcp", "passive | '' | failed to convert",
			"passive | maybe | failed to convert", "host | '' | It is empty", "host | '  ' | It is empty",
			"host | 127.0.0.1:80 | set listener.host to 127.0.0.1 and listener.port to 80",
			"host | [::1]:80 | set listener.host to ::1 and listener.port to 80", "port | '' | It is empty",
			"port | '  ' | It is empty", "port | -1 | out of range 0-65535", "port | 65536 | out of range 0-65535",
			"port | 2147483648 | out of range 0-65535", "port | 27015/tcp | write the port alone (27015)",
			"port | ' 80' | It has spaces around it", "port | nosuchservice | unknown service nosuchservice/tcp",
			"inherited | maybe | failed to convert", "inherited | stdin | failed to convert",
			"inherited-name | web | applies only with listener.inherited=systemd, which is false",
			"inherited-name | 'web:api' | has no ':'", "inherited-name | '  ' | It is empty",
			"backlog | '' | It is empty", "backlog | 0 | must be at least 1", "backlog | -1 | must be at least 1",
			"backlog | 2147483648 | failed to convert", "backlog | ten | failed to convert",
			"reuse-address | '' | failed to convert", "reuse-address | maybe | failed to convert",
			"reuse-port | maybe | failed to convert", "ipv6-only | maybe | failed to convert",
			"ipv6-only | true | IPV6_V6ONLY applies to IPv6 sockets", "receive-buffer-size | '' | It is empty",
			"receive-buffer-size | 0 | must be positive", "receive-buffer-size | -1024 | must be positive",
			"receive-buffer-size | 10XB | failed to convert", "receive-buffer-size | 9999999TB | failed to convert",
			"send-buffer-size | 64KB | does not apply to stream listeners", "threads.max | '' | failed to convert",
			"threads.max | 0 | must be at least 1", "threads.max | -1 | must be at least 1",
			"threads.max | 2147483648 | failed to convert", "connection.max | '' | failed to convert",
			"connection.max | 0 | must be at least 1", "connection.max | -1 | must be at least 1",
			"connection.max | 2147483648 | failed to convert", "connection.idle-timeout | '' | It is empty",
			"connection.idle-timeout | 0 | must be positive", "connection.idle-timeout | -5s | must be positive",
			"connection.idle-timeout | PT1000000000H | at most 365 days",
			"connection.idle-timeout | 5parsecs | failed to convert", "connection.tcp-no-delay | maybe | failed to convert",
			"connection.keep-alive | maybe | failed to convert", "shutdown | '' | It is empty",
			"shutdown | later | failed to convert", "shutdown-delay | '' | It is empty",
			"shutdown-delay | -5s | must not be negative", "shutdown-delay | soon | failed to convert",
			"handler | '' | It is empty",
			"handler | nosuch | There is no bean named 'nosuch'",
			"ssl.bundle | nosuch | There is no SSL bundle named 'nosuch' (no bundle is defined)",
			"ssl.bundle | '  ' | It is empty", "ssl.client-auth | need | set listener.ssl.bundle too",
			"ssl.client-auth | sometimes | failed to convert", "ssl.handshake-timeout | 0 | must be positive",
			"ssl.handshake-timeout | -1s | must be positive",
			"ssl.handshake-timeout | PT1000000000H | at most 1 hour", "ssl.handshake-timeout | soon | failed to convert",
			"framing.type | '' | It is empty",
			"framing.type | json | failed to convert", "framing.max-frame-size | '' | It is empty",
			"framing.max-frame-size | 0 | at least 1 byte and at most 1GB",
			"framing.max-frame-size | 2GB | at least 1 byte and at most 1GB",
			"framing.max-frame-size | 10XB | failed to convert", "framing.line-ending | cr | failed to convert",
			"framing.length-field.length | 3 | 1, 2, 4 or 8 bytes",
			"framing.length-field.length | 0 | 1, 2, 4 or 8 bytes",
			"framing.length-field.byte-order | middle-endian | failed to convert",
			"framing.length-field.includes-length | maybe | failed to convert",
			"framing.delimiter | '' | It is empty",
			"limits.per-client.max-connections | 0 | must be at least 1 connections per client",
			"limits.per-client.max-connections | -1 | must be at least 1",
			"limits.per-client.max-connections | '' | It is empty",
			"limits.per-client.max-connections | 2147483648 | failed to convert",
			"limits.per-client.max-new-connections | -5 | must be at least 1 new connections per window",
			"limits.per-client.window | 0 | must be positive", "limits.per-client.window | -1s | must be positive",
			"limits.per-client.window | 2d | at most 1 day", "limits.per-client.window | often | failed to convert",
			"limits.per-client.ipv4-prefix | 33 | from 0 to 32 bits", "limits.per-client.ipv4-prefix | -1 | from 0 to 32",
			"limits.per-client.ipv6-prefix | 129 | from 0 to 128 bits", "limits.per-client.ipv6-prefix | /64 | failed to convert",
			"limits.per-client.table-size | 0 | from 1 to 16777216 clients",
			"limits.max-accept-rate | 0 | from 1 to 1000000 connections a second",
			"limits.max-accept-rate | -3 | from 1 to 1000000", "limits.dry-run | maybe | failed to convert" })
	void badValuesAreReported(String property, String value, String says, CapturedOutput output) {
		String description = fail(output, null, property, value);
		assertThat(description).contains(says);
		String named = fail(output, "game", property, value);
		assertThat(named).contains(says.replace("listener.", "listener.sockets.game."));
	}

	@ParameterizedTest(name = "dgram {0}={1}")
	@CsvSource(delimiter = '|', value = { "backlog | 5", "threads.max | 4", "connection.max | 5",
			"connection.idle-timeout | 5s", "connection.tcp-no-delay | true", "connection.keep-alive | true",
			"ssl.bundle | server", "limits.per-client.max-connections | 10", "limits.max-accept-rate | 100" })
	void streamOptionsOnADatagramListenerAreReported(String property, String value, CapturedOutput output) {
		String description = fail(output, null, property, value, "--listener.socket-type=dgram",
				"--listener.protocol=udp");
		assertThat(description).contains("does not apply to dgram listeners");
	}

	@ParameterizedTest(name = "length-field.length={0}")
	@CsvSource(delimiter = '|', value = { "1 | describes frames of at most 255 bytes, less than",
			"2 | lower max-frame-size to 65535B" })
	void aLengthFieldTooShortForTheLimitIsReported(String value, String says, CapturedOutput output) {
		// the type is written directly under listener.*, where a named listener takes it from
		String description = fail(output, null, "framing.length-field.length", value,
				"--listener.framing.type=length-field");
		assertThat(description).contains(says).contains("listener.framing.max-frame-size");
		String named = fail(output, "game", "framing.length-field.length", value, "--listener.framing.type=length-field");
		assertThat(named).contains(says).contains("listener.sockets.game.framing.max-frame-size");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "listener.", "listener.sockets.game." })
	void theDelimiterTypeWithoutADelimiterIsReported(String prefix, CapturedOutput output) {
		String description = failWith(output, "--" + prefix + "port=0", "--" + prefix + "host=127.0.0.1",
				"--" + prefix + "framing.type=delimiter");
		assertThat(description).contains(prefix + "framing.delimiter").contains("It is not set");
	}

	@ParameterizedTest(name = "engine={0}")
	@CsvSource(delimiter = '|', value = { "'' | It is empty", "fast | failed to convert" })
	void badEngineValuesAreReported(String value, String says, CapturedOutput output) {
		String description = failWith(output, "--listener.family=unix",
				"--listener.path=" + System.getProperty("java.io.tmpdir") + "/bad-value-engine.sock",
				"--listener.engine=" + value);
		assertThat(description).contains("listener.engine").contains(says);
	}

	@ParameterizedTest(name = "netty.{0}={1}")
	@CsvSource(delimiter = '|', value = { "transport | '' | failed to convert;It is empty",
			"transport | epoll2 | failed to convert", "threads | 0 | at least 1", "threads | -1 | at least 1",
			"threads | 2147483648 | failed to convert" })
	void badNettyValuesAreReported(String property, String value, String says, CapturedOutput output) {
		String description = failWith(output, "--listener.port=0", "--listener.host=127.0.0.1",
				"--listener.engine=netty", "--listener.netty." + property + "=" + value);
		assertThat(description).contains("listener.netty." + property);
		assertThat(description).containsAnyOf(says.split(";"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', value = {
			// property | values | the one reported, by its index | what the report must also say
			"allow | 127.0.0.0/8,10.0.0.0/33 | allow[1] | 10.0.0.0/33 | out of range for 10.0.0.0",
			"allow | example.com | allow[0] | example.com | is not an IP address",
			"deny | ::1,fe80::1%eth0 | deny[1] | fe80::1%eth0 | no host name, brackets or zone",
			"deny | 10.0.0.0/8,10.0.0.0/8x | deny[1] | 10.0.0.0/8x | is not a prefix length",
			"proxy-protocol.trusted | 10.0.0.256 | proxy-protocol.trusted[0] | 10.0.0.256 | 256 is over 255" })
	void aMalformedNetworkIsReportedWithItsListIndex(String property, String values, String reported, String value,
			String says, CapturedOutput output) {
		for (String prefix : List.of("listener.", "listener.sockets.game.")) {
			String description = failWith(output, "--" + prefix + "port=0", "--" + prefix + "host=127.0.0.1",
					"--" + prefix + property + "=" + values);
			assertThat(description).contains(prefix + reported).contains(value).contains(says);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"--listener.proxy-protocol.mode=required | listener.proxy-protocol.trusted | list their networks",
			"--listener.proxy-protocol.mode=optional;--listener.proxy-protocol.trusted=10.0.0.0/8;"
					+ "--listener.proxy-protocol.timeout=0 | listener.proxy-protocol.timeout | must be positive",
			"--listener.allow=10.0.0.0/8;--listener.socket-type=dgram;--listener.protocol=udp | listener.allow[0] "
					+ "| applies to TCP listeners",
			"--listener.proxy-protocol.mode=required;--listener.proxy-protocol.trusted=127.0.0.1;"
					+ "--listener.socket-type=dgram;--listener.protocol=udp | listener.proxy-protocol.mode "
					+ "| a dgram listener",
			"--listener.deny=10.0.0.0/8;--listener.family=unix;--listener.path=/tmp/bad-value-deny.sock "
					+ "| listener.deny[0] | a unix listener" })
	void aPipelineSettingThatCannotWorkIsReported(String args, String property, String says,
			CapturedOutput output) {
		List<String> all = new ArrayList<>(List.of(args.split(";")));
		if (!args.contains("family=unix")) {
			all.addAll(List.of("--listener.port=0", "--listener.host=127.0.0.1"));
		}
		String description = failWith(output, all.toArray(String[]::new));
		assertThat(description).contains(property).contains(says);
	}

	private static String failWith(CapturedOutput output, String... args) {
		int before = output.toString().length();
		assertThatException().isThrownBy(() -> BadValueApplication.application().run(args));
		String run = output.toString().substring(before);
		assertThat(run).as("stack traces in the output").doesNotContain("\tat ");
		return Report.in(run).description();
	}

	@ParameterizedTest(name = "enabled={0}")
	@CsvSource({ "maybe", "''" })
	void enabledMustBeABoolean(String value, CapturedOutput output) {
		assertThatException().isThrownBy(() -> BadValueApplication.application().run("--listener.enabled=" + value));
		assertThat(output.toString()).doesNotContain("\tat ");
		assertThat(Report.in(output.toString()).description()).contains("listener.enabled")
			.containsAnyOf("\"" + value + "\"", "'" + value + "'");
	}

	/**
	 * Starts the application with the bad value, for the default listener ({@code name} null) or a
	 * named one, and checks what every report must have.
	 * @return the report's description
	 */
	private static String fail(CapturedOutput output, String name, String property, String value, String... more) {
		String prefix = (name != null) ? "listener.sockets." + name + "." : "listener.";
		List<String> args = new ArrayList<>(List.of(more));
		args.add("--" + prefix + property + "=" + value);
		if (!property.equals("port")) {
			args.add("--" + prefix + "port=0");
		}
		if (!property.equals("host")) {
			args.add("--" + prefix + "host=127.0.0.1");
		}
		int before = output.toString().length();
		assertThatException().isThrownBy(() -> BadValueApplication.application().run(args.toArray(String[]::new)));
		String run = output.toString().substring(before);
		assertThat(run).as("stack traces in the output").doesNotContain("\tat ");
		Report report = Report.in(run);
		assertThat(report.description()).as("the property").contains(prefix + property);
		if (value.isEmpty()) {
			assertThat(report.description()).as("the value").containsAnyOf("''", "\"\"");
		}
		else {
			assertThat(report.description()).as("the value").contains(value);
		}
		return report.description();
	}

}
