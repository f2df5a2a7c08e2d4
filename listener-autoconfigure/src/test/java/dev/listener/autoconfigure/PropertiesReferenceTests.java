package dev.listener.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/properties.md} is the configuration metadata, rendered: a property added, removed or
 * re-described fails this test until the page is regenerated (the failure says how).
 */
class PropertiesReferenceTests {

	@Test
	void theCommittedPropertiesPageIsTheMetadataRendered() throws Exception {
		String rendered = PropertiesReference.render(PropertiesReference.metadata());
		Path page = PropertiesReference.root().resolve(PropertiesReference.PAGE);
		if (Boolean.getBoolean(PropertiesReference.WRITE_PROPERTY)) {
			Files.writeString(page, rendered);
		}
		assertThat(page).as("docs/properties.md").exists();
		assertThat(Files.readString(page))
			.as("docs/properties.md differs from the configuration metadata: regenerate it with " + PropertiesReference.REGENERATE)
			.isEqualTo(rendered);
	}

	@Test
	void everyPropertyOfTheMetadataIsOnThePageWithItsDefaultAndValues() throws Exception {
		String rendered = PropertiesReference.render(PropertiesReference.metadata());
		assertThat(rendered).contains("## `listener.framing`")
			.contains("| `listener.framing.type` | `Type` | `none` |")
			.contains("<br>`length-field`: An unsigned length field before each frame")
			.contains("| `listener.connection.max` | `Integer` | `10000` |")
			.contains("| `listener.allow` | `List<String>` |  |")
			.contains("| `management.health.listener.accept-queue.threshold` |");
		for (Object name : PropertiesReference.metadata().read("$.properties[*].name", java.util.List.class)) {
			assertThat(rendered).contains("| `" + name + "` |");
		}
	}

}
