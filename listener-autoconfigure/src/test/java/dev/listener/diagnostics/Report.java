package dev.listener.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last "APPLICATION FAILED TO START" report in some output, split into its two parts.
 *
 * @param description the text under "Description:"
 * @param action the text under "Action:"
 */
record Report(String description, String action) {

	private static final String BANNER = "APPLICATION FAILED TO START";

	static Report in(String output) {
		assertThat(output).contains(BANNER);
		String report = output.substring(output.lastIndexOf(BANNER));
		assertThat(report).contains("Description:").contains("Action:");
		int description = report.indexOf("Description:") + "Description:".length();
		int action = report.indexOf("Action:");
		return new Report(report.substring(description, action).strip(),
				report.substring(action + "Action:".length()).strip());
	}

	/**
	 * Checks the parts every report must have.
	 * @param property the property and its value as the report lists them ({@code listener.port: 65536})
	 * @param errorNames the POSIX and Winsock names ({@code EINVAL / WSAEINVAL})
	 * @param action the change the action must ask for
	 * @return this report
	 */
	Report has(String property, String errorNames, String action) {
		assertThat(this.description + "\n").contains("\n    " + property + "\n");
		assertThat(this.description.lines().findFirst()).hasValueSatisfying(
				(line) -> assertThat(line).startsWith("listen ").endsWith("(" + errorNames + ")"));
		assertThat(this.action).contains(action);
		return this;
	}

}
