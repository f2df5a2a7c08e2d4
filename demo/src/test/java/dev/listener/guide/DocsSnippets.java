package dev.listener.guide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the Java snippets of the documentation against the sources they are taken from. Each
 * fenced {@code ```java} block of README.md and docs/*.md follows a line naming its source,
 * {@code <!-- from: demo/src/test/java/dev/listener/guide/EchoHandler.java -->}, a file under a
 * module's {@code src/main/java} or {@code src/test/java}, so compiled by the build; the block's
 * lines must appear in that file, in order and one after the other. Lines are compared without
 * their indentation, and blank lines are skipped, so a snippet may be indented otherwise than its
 * source or start inside a class.
 */
final class DocsSnippets {

	private static final Pattern SOURCE = Pattern.compile("<!--\\s*from:\\s*(\\S+)\\s*-->");

	private static final Pattern COMPILED = Pattern.compile("[^/]+/src/(main|test)/java/.+\\.java");

	private final Path root;

	DocsSnippets(Path root) {
		this.root = root;
	}

	/** @return the repository's root, whether the tests run in the module or at the root */
	static Path repositoryRoot() {
		Path here = Path.of("").toAbsolutePath();
		return Files.exists(here.resolve("README.md")) && Files.isDirectory(here.resolve("demo")) ? here
				: here.getParent();
	}

	/** @return README.md and every docs/*.md page, present and future */
	List<Path> pages() throws IOException {
		List<Path> pages = new ArrayList<>(List.of(this.root.resolve("README.md")));
		Path docs = this.root.resolve("docs");
		if (Files.isDirectory(docs)) {
			try (Stream<Path> files = Files.list(docs)) {
				files.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
			}
		}
		return pages;
	}

	/**
	 * @param page a Markdown page
	 * @return what is wrong with its Java snippets, one line each, empty when each is from its source
	 */
	List<String> problems(Path page) throws IOException {
		return problems(this.root.relativize(page).toString(), Files.readAllLines(page));
	}

	List<String> problems(String name, List<String> lines) throws IOException {
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			if (!lines.get(i).trim().equals("```java")) {
				continue;
			}
			int start = i;
			List<String> block = new ArrayList<>();
			for (i++; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
				block.add(lines.get(i));
			}
			String where = name + ":" + (start + 1);
			Matcher source = (start > 0) ? SOURCE.matcher(lines.get(start - 1).trim()) : null;
			if (source == null || !source.matches()) {
				problems.add(where + ": a java snippet without the line before it naming its source, "
						+ "<!-- from: <module>/src/(main|test)/java/....java -->");
				continue;
			}
			String file = source.group(1);
			Path path = this.root.resolve(file).normalize();
			if (!COMPILED.matcher(file).matches() || !path.startsWith(this.root)) {
				problems.add(where + ": " + file + " is not a Java source the build compiles "
						+ "(<module>/src/main/java or <module>/src/test/java)");
			}
			else if (!Files.isRegularFile(path)) {
				problems.add(where + ": " + file + " does not exist");
			}
			else if (Collections.indexOfSubList(normalized(Files.readAllLines(path)), normalized(block)) < 0) {
				problems.add(where + ": the snippet is not in " + file + " as it is written there (lines compared "
						+ "without indentation, blank lines skipped): copy it from the file again");
			}
		}
		return problems;
	}

	private static List<String> normalized(List<String> lines) {
		return lines.stream().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

}
