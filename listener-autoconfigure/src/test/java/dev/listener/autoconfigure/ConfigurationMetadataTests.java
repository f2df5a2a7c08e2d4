package dev.listener.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata that IDEs read: every property documented, defaults shown, hint values complete.
 */
class ConfigurationMetadataTests {

	private final DocumentContext metadata = read();

	@Test
	void everyPropertyIsDocumented() {
		List<Map<String, Object>> properties = this.metadata.read("$.properties[?(@.name =~ /listener\\..*/)]");
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("listener.enabled", "listener.family", "listener.socket-type", "listener.protocol",
					"listener.passive", "listener.host", "listener.port", "listener.backlog",
					"listener.reuse-address", "listener.reuse-port", "listener.ipv6-only",
					"listener.receive-buffer-size", "listener.send-buffer-size");
		assertThat(properties).allSatisfy(
				(property) -> assertThat((String) property.get("description")).as("%s", property.get("name")).isNotBlank());
	}

	@Test
	void defaultsAreTheRecipes() {
		assertThat(defaultOf("listener.family")).isEqualTo("inet");
		assertThat(defaultOf("listener.socket-type")).isEqualTo("stream");
		assertThat(defaultOf("listener.protocol")).isEqualTo("tcp");
		assertThat(defaultOf("listener.passive")).isEqualTo(true);
		assertThat(defaultOf("listener.port")).isEqualTo("27015");
		assertThat(defaultOf("listener.reuse-address")).isEqualTo(true);
	}

	@Test
	void hintsOfferBothSpellings() {
		assertThat(hintValues("listener.family")).contains("inet", "inet6", "unspec", "unix", "AF_INET", "AF_INET6",
				"AF_UNSPEC", "AF_UNIX", "AF_LOCAL");
		assertThat(hintValues("listener.socket-type")).contains("stream", "dgram", "seqpacket", "raw",
				"SOCK_STREAM", "SOCK_DGRAM");
		assertThat(hintValues("listener.protocol")).contains("tcp", "udp", "sctp", "default", "IPPROTO_TCP",
				"IPPROTO_UDP");
	}

	@Test
	void theEngineAndTheNettyTransportOfferEveryValueWithTheirDefaults() {
		assertThat(hintValues("listener.engine")).containsExactly("auto", "blocking", "netty");
		assertThat(hintValues("listener.netty.transport")).containsExactly("auto", "nio", "epoll", "io-uring");
		assertThat(defaultOf("listener.engine")).isEqualTo("auto");
		assertThat(defaultOf("listener.netty.transport")).isEqualTo("auto");
	}

	@Test
	void framingOffersEveryValueWithItsDefaults() {
		assertThat(hintValues("listener.framing.type")).containsExactly("none", "line", "length-field", "delimiter");
		assertThat(hintValues("listener.proxy-protocol.mode")).containsExactly("off", "optional", "required");
		assertThat(hintValues("listener.ssl.client-auth")).containsExactly("none", "want", "need");
		assertThat(hintValues("listener.framing.line-ending")).containsExactly("lf", "crlf");
		assertThat(hintValues("listener.framing.length-field.length")).containsExactly("1", "2", "4", "8");
		assertThat(hintValues("listener.framing.length-field.byte-order")).containsExactly("big-endian",
				"little-endian");
		assertThat(defaultOf("listener.framing.type")).isEqualTo("none");
		assertThat(defaultOf("listener.framing.max-frame-size")).isEqualTo("64KB");
		assertThat(defaultOf("listener.framing.line-ending")).isEqualTo("lf");
		assertThat(defaultOf("listener.framing.length-field.length")).isEqualTo(4);
		assertThat(defaultOf("listener.framing.length-field.byte-order")).isEqualTo("big-endian");
		assertThat(defaultOf("listener.framing.length-field.includes-length")).isEqualTo(false);
	}

	@Test
	void theLimitsShowTheirDefaultsAndOfferPrefixesAndWindows() {
		assertThat(defaultOf("listener.limits.per-client.window")).isEqualTo("10s");
		assertThat(defaultOf("listener.limits.per-client.ipv4-prefix")).isEqualTo(32);
		assertThat(defaultOf("listener.limits.per-client.ipv6-prefix")).isEqualTo(64);
		assertThat(defaultOf("listener.limits.per-client.table-size")).isEqualTo(65536);
		assertThat(defaultOf("listener.limits.dry-run")).isEqualTo(false);
		assertThat(hintValues("listener.limits.per-client.ipv6-prefix")).containsExactly("64", "56", "48", "128");
		assertThat(hintValues("listener.limits.per-client.window")).containsExactly("10s", "1m");
		List<Map<String, Object>> limits = this.metadata.read("$.properties[?(@.name =~ /listener\\.limits\\..*/)]");
		assertThat(limits).extracting((property) -> property.get("name"))
			.containsExactlyInAnyOrder("listener.limits.max-accept-rate", "listener.limits.dry-run",
					"listener.limits.per-client.max-connections", "listener.limits.per-client.max-new-connections",
					"listener.limits.per-client.window", "listener.limits.per-client.ipv4-prefix",
					"listener.limits.per-client.ipv6-prefix", "listener.limits.per-client.table-size");
	}

	private Object defaultOf(String name) {
		List<Object> values = this.metadata.read("$.properties[?(@.name == '" + name + "')].defaultValue");
		assertThat(values).as(name).hasSize(1);
		return values.get(0);
	}

	private List<String> hintValues(String name) {
		return this.metadata.read("$.hints[?(@.name == '" + name + "')].values[*].value");
	}

	private static DocumentContext read() {
		try (InputStream json = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(json).as("generated metadata").isNotNull();
			return JsonPath.parse(json);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
