package dev.listener.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * Renders {@code docs/properties.md} from the configuration metadata the build writes
 * ({@code META-INF/spring-configuration-metadata.json}: the configuration processor's output merged
 * with the additional metadata): one table per group, each property with its type, default,
 * description and the values the IDE offers.
 */
final class PropertiesReference {

	/** The page, from the repository's root. */
	static final Path PAGE = Path.of("docs", "properties.md");

	/** Regenerates the page: the property the test reads to write it instead of comparing. */
	static final String WRITE_PROPERTY = "listener.docs.write";

	static final String REGENERATE = "mvn -B -q -o -pl listener-autoconfigure test -Dtest=PropertiesReferenceTests -D"
			+ WRITE_PROPERTY + "=true";

	private PropertiesReference() {
	}

	/** @return the metadata on the class path, as the build wrote it */
	static DocumentContext metadata() throws IOException {
		try (InputStream in = PropertiesReference.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			if (in == null) {
				throw new IllegalStateException("No META-INF/spring-configuration-metadata.json: compile the module");
			}
			return JsonPath.parse(in);
		}
	}

	/** @return the repository's root, whether the tests run in the module or at the root */
	static Path root() {
		Path here = Path.of("").toAbsolutePath();
		return Files.exists(here.resolve("listener-autoconfigure")) ? here : here.getParent();
	}

	static String render(DocumentContext metadata) {
		List<Map<String, Object>> properties = metadata.read("$.properties[*]");
		List<Map<String, Object>> groups = metadata.read("$.groups[*]");
		List<Map<String, Object>> hints = metadata.read("$.hints[*]");
		List<String> groupNames = groups.stream().map((group) -> (String) group.get("name")).sorted().toList();
		StringBuilder page = new StringBuilder();
		page.append("# Properties\n\n");
		page.append("Every property of the starter, generated from its configuration metadata (the file IDEs read:\n");
		page.append("`listener-autoconfigure/target/classes/META-INF/spring-configuration-metadata.json`). Do not\n");
		page.append("edit this page: change the Javadoc of the properties class or\n");
		page.append("`additional-spring-configuration-metadata.json`, then regenerate it from the repository's root:\n\n");
		page.append("    " + REGENERATE + "\n\n");
		page.append("Every `listener.*` property but `listener.sockets`, `listener.netty.*` and `listener.enabled` is\n");
		page.append("also a property of each named listener, `listener.sockets.<name>.*`, which inherits the value\n");
		page.append("written under `listener.*` when it sets none (see [several listeners](several-listeners.md)).\n");
		for (String group : groupNames) {
			List<Map<String, Object>> members = properties.stream()
				.filter((property) -> group.equals(groupOf((String) property.get("name"), groupNames)))
				.sorted(Comparator.comparing((property) -> (String) property.get("name")))
				.toList();
			if (members.isEmpty()) {
				continue;
			}
			page.append("\n## `").append(group).append("`\n\n");
			page.append("| property | type | default | description |\n|---|---|---|---|\n");
			for (Map<String, Object> property : members) {
				String name = (String) property.get("name");
				page.append("| `").append(name).append("` | ").append(type((String) property.get("type"))).append(" | ");
				page.append(defaultValue(property.get("defaultValue"))).append(" | ");
				page.append(cell(description(property, hintsOf(name, hints)))).append(" |\n");
			}
		}
		return page.toString();
	}

	/** The longest group name that is a prefix of the property's name. */
	private static String groupOf(String name, List<String> groups) {
		String best = "";
		for (String group : groups) {
			if (name.startsWith(group + ".") && group.length() > best.length()) {
				best = group;
			}
		}
		return best;
	}

	private static List<Map<String, Object>> hintsOf(String name, List<Map<String, Object>> hints) {
		for (Map<String, Object> hint : hints) {
			if (name.equals(hint.get("name")) && hint.get("values") instanceof List<?> values) {
				@SuppressWarnings("unchecked")
				List<Map<String, Object>> typed = (List<Map<String, Object>>) values;
				return typed;
			}
		}
		return List.of();
	}

	private static String description(Map<String, Object> property, List<Map<String, Object>> values) {
		StringBuilder text = new StringBuilder(String.valueOf(property.getOrDefault("description", "")).trim());
		if (property.get("deprecation") instanceof Map<?, ?> deprecation) {
			text.append(" Deprecated");
			if (deprecation.get("replacement") != null) {
				text.append(": use `").append(deprecation.get("replacement")).append('`');
			}
			text.append('.');
		}
		if (!values.isEmpty()) {
			text.append("<br>Values:");
			for (Map<String, Object> value : values) {
				text.append("<br>`").append(value.get("value")).append('`');
				if (value.get("description") != null) {
					text.append(": ").append(value.get("description"));
				}
			}
		}
		return text.toString();
	}

	private static String type(String type) {
		if (type == null) {
			return "";
		}
		// java.util.List<java.lang.String> -> List<String>; a nested class by its own name
		String simple = type.replaceAll("([a-z][a-z0-9_]*\\.)+", "").replaceAll("[A-Za-z0-9_]+\\$", "");
		return "`" + simple.replace("|", "\\|") + "`";
	}

	private static String defaultValue(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof List<?> list) {
			return list.stream().map((item) -> "`" + item + "`").collect(Collectors.joining(", "));
		}
		return "`" + value + "`";
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace("\n", " ");
	}

}
