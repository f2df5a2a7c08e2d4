package dev.listener.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.listener.observation.AccessLogFormat;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties of the observation and the access log: known to the unknown-key check, and
 * documented in the metadata with the default the code uses.
 */
class ConnectionObserverPropertiesTests {

	@Test
	void theObservationAndAccessLogPropertiesAreKnown() {
		MockEnvironment environment = new MockEnvironment().withProperty("listener.observations.enabled", "true")
			.withProperty("listener.access-log.enabled", "true")
			.withProperty("listener.access-log.format", "%{client}")
			.withProperty("listener.access-log.formatt", "%{client}");
		assertThat(UnknownListenerProperties.find(environment)).containsExactly(
				"Unknown property 'listener.access-log.formatt' ignored: did you mean 'listener.access-log.format'?");
	}

	@Test
	void theMetadataShowsTheDefaultsTheCodeUses() throws IOException {
		try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			Object metadata = JsonPath.parse(json).json();
			List<Object> format = JsonPath.read(metadata,
					"$.properties[?(@.name == 'listener.access-log.format')].defaultValue");
			assertThat(format).containsExactly(AccessLogFormat.DEFAULT);
			assertThat((List<Object>) JsonPath.read(metadata,
					"$.properties[?(@.name == 'listener.access-log.enabled')].defaultValue")).containsExactly(false);
			assertThat((List<Object>) JsonPath.read(metadata,
					"$.properties[?(@.name == 'listener.observations.enabled')].defaultValue")).containsExactly(false);
		}
	}

}
