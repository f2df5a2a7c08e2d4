package dev.listener.guide;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet of README.md and docs/*.md is taken from a source the build compiles (and,
 * for the snippets of this package, {@link GuideExamplesTests} runs): a page whose snippet drifts
 * from its source, or names none, fails here.
 */
class DocsSnippetsTests {

	private final DocsSnippets snippets = new DocsSnippets(DocsSnippets.repositoryRoot());

	@Test
	void everyJavaSnippetOfTheDocsIsInTheCompiledSourceItNames() throws Exception {
		List<Path> pages = this.snippets.pages();
		assertThat(pages).extracting((page) -> page.getFileName().toString()).contains("README.md");
		List<String> problems = new ArrayList<>();
		for (Path page : pages) {
			problems.addAll(this.snippets.problems(page));
		}
		assertThat(problems).as("Java snippets of the docs").isEmpty();
	}

	@Test
	void aSnippetThatDriftedFromItsSourceIsReported() throws Exception {
		List<String> page = List.of("Echo:", "<!-- from: demo/src/test/java/dev/listener/guide/EchoHandler.java -->",
				"```java", "    while (connection.read(buffer) >= 0) {", "        buffer.flip();", "```", "",
				"<!-- from: demo/src/test/java/dev/listener/guide/EchoHandler.java -->", "```java",
				"while (connection.read(buffer) > 0) {", "```", "```java", "class Nowhere {}", "```",
				"<!-- from: README.md -->", "```java", "x", "```");
		assertThat(this.snippets.problems("page.md", page)).containsExactly(
				"page.md:9: the snippet is not in demo/src/test/java/dev/listener/guide/EchoHandler.java as it is "
						+ "written there (lines compared without indentation, blank lines skipped): copy it from the file again",
				"page.md:12: a java snippet without the line before it naming its source, "
						+ "<!-- from: <module>/src/(main|test)/java/....java -->",
				"page.md:16: README.md is not a Java source the build compiles (<module>/src/main/java or "
						+ "<module>/src/test/java)");
	}

}
