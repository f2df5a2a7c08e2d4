package dev.listener.diagnostics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.listener.socket.ChildJava;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The rows whose condition is the machine's, not the configuration's, reproduced for real in a
 * child JVM: a port below 1024 without CAP_NET_BIND_SERVICE, and {@code inet6} in a network
 * namespace without IPv6. The child also shows what a user sees: exit code 1, the report, no stack
 * trace.
 */
class OsConditionReportTests {

	private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

	@Test
	void portBelow1024WithoutThePrivilege() throws Exception {
		// as root, drop the capability from the bounding set so that the child cannot have it; as another
		// user the child is unprivileged already (unless net.ipv4.ip_unprivileged_port_start was lowered)
		List<String> unprivileged = ROOT ? List.of("setpriv", "--bounding-set=-net_bind_service",
				"--inh-caps=-net_bind_service", "--") : List.of();
		assumeTrue(!ROOT || ChildJava.works("setpriv", "--bounding-set=-net_bind_service", "true"),
				"running as root and setpriv cannot drop CAP_NET_BIND_SERVICE here");
		assumeTrue(unprivilegedPortStart() > 1023,
				"net.ipv4.ip_unprivileged_port_start is lowered, so every user may bind port 1023");
		ChildJvm.Result result = ChildJvm.run(unprivileged, "--listener.host=127.0.0.1", "--listener.port=1023");
		Report report = reportOf(result).has("listener.port: 1023", "EACCES / WSAEACCES",
				"Set listener.port to a port from 1024 up, or grant the process the privilege");
		assertThat(report.description()).startsWith("listen tcp4 127.0.0.1:1023: bind: permission denied");
		assertThat(report.action()).contains("CAP_NET_BIND_SERVICE");
	}

	@Test
	void inet6WhereTheHostHasNoIpv6() throws Exception {
		List<String> noIpv6 = List.of("unshare", "--net", "--", "sh", "-c",
				"echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && exec \"$@\"", "sh");
		assumeTrue(ChildJava.works("unshare", "--net", "--", "sh", "-c",
				"echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6"),
				"cannot create a network namespace with IPv6 disabled (needs root or user namespaces and /proc/sys "
						+ "for IPv6)");
		ChildJvm.Result result = ChildJvm.run(noIpv6, "--listener.family=inet6");
		Report report = reportOf(result).has("listener.family: inet6", "EAFNOSUPPORT / WSAEAFNOSUPPORT",
				"This host has no IPv6: set listener.family to inet");
		assertThat(report.description()).startsWith("listen tcp6 [::]:0: socket: IPv6 is not available on this host");
	}

	private static Report reportOf(ChildJvm.Result result) {
		assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).as("stack traces in the output").doesNotContain("\tat ");
		Report report = Report.in(result.output());
		assertThat(report.description()).contains("\nListener 'default' ");
		return report;
	}

	private static int unprivilegedPortStart() throws IOException {
		Path sysctl = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");
		// readAllLines: Files.readString reads only the first byte of a /proc/sys file
		return Files.isReadable(sysctl) ? Integer.parseInt(Files.readAllLines(sysctl).get(0).trim()) : 1024;
	}

}
