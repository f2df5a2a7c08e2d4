package dev.listener.socket;

import java.util.Map;

import dev.listener.socket.SystemdSockets.Descriptor;
import dev.listener.socket.SystemdSockets.Passed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading systemd's socket activation variables as {@code sd_listen_fds_with_names(3)} does. The
 * descriptors themselves are passed to child JVMs in {@code DemoSystemdSocketTests}.
 */
class SystemdSocketsTests {

	private static final long PID = 4711;

	@Test
	void descriptorsFromThreeOnAreNamedInOrder() {
		Passed passed = SystemdSockets.read(
				Map.of("LISTEN_PID", "4711", "LISTEN_FDS", "3", "LISTEN_FDNAMES", "web:api:game"), PID);
		assertThat(passed.absent()).isNull();
		assertThat(passed.descriptors()).containsExactly(new Descriptor(3, "web"), new Descriptor(4, "api"),
				new Descriptor(5, "game"));
		assertThat(passed.descriptors().get(0)).hasToString("fd 3 'web'");
	}

	@Test
	void descriptorsWithoutANameAreUnknownAsSystemdSaysAndOneNameMayRecur() {
		Passed passed = SystemdSockets.read(Map.of("LISTEN_PID", "4711", "LISTEN_FDS", "3", "LISTEN_FDNAMES", "web:web"),
				PID);
		assertThat(passed.descriptors()).extracting(Descriptor::name).containsExactly("web", "web", "unknown");
		assertThat(passed.names()).containsExactly("web", "unknown");
		assertThat(SystemdSockets.read(Map.of("LISTEN_PID", "4711", "LISTEN_FDS", "1"), PID).names())
			.containsExactly("unknown");
	}

	@Test
	void socketsPassedToAnotherProcessAreIgnoredSayingWhy() {
		Passed passed = SystemdSockets.read(Map.of("LISTEN_PID", "1", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "a:b"), PID);
		assertThat(passed.descriptors()).isEmpty();
		assertThat(passed.absent()).isEqualTo("LISTEN_PID is 1, not this process (pid 4711): the sockets were passed "
				+ "to another process, such as a script that started java instead of exec'ing it; they are ignored");
	}

	@Test
	void missingOrMalformedVariablesPassNothingSayingWhich() {
		assertThat(SystemdSockets.read(Map.of(), PID).absent())
			.isEqualTo("LISTEN_PID is not set, so systemd passed no sockets to this process: nothing was passed");
		assertThat(SystemdSockets.read(Map.of("LISTEN_FDS", "2"), PID).absent()).endsWith("LISTEN_FDS=2 alone does not count");
		assertThat(SystemdSockets.read(Map.of("LISTEN_PID", "x"), PID).absent()).isEqualTo("LISTEN_PID is 'x', not a process id");
		assertThat(SystemdSockets.read(Map.of("LISTEN_PID", "4711", "LISTEN_FDS", "two"), PID).absent())
			.isEqualTo("LISTEN_FDS is 'two', not a number of descriptors");
		assertThat(SystemdSockets.read(Map.of("LISTEN_PID", "4711", "LISTEN_FDS", "0"), PID).absent())
			.isEqualTo("LISTEN_FDS is 0: systemd passed no sockets");
	}

	@Test
	void aListenerTakesTheSocketOfItsNameOrOfItsInheritedName() {
		Hints hints = new Hints(Family.INET, SocketType.STREAM, Protocol.TCP, true);
		ListenerSpec byName = new ListenerSpec("web", hints, null, "0", SocketOptions.defaults(), null, null,
				Inheritance.SYSTEMD, null);
		ListenerSpec renamed = new ListenerSpec("web", hints, null, "0", SocketOptions.defaults(), null, null,
				Inheritance.SYSTEMD, "http");
		assertThat(byName.systemdName()).isEqualTo("web");
		assertThat(renamed.systemdName()).isEqualTo("http");
		assertThat(renamed.configuredAddress()).isEqualTo("systemd socket 'http'");
		assertThat(renamed.inherited()).isTrue();
		assertThat(Setting.INHERITED.value(renamed)).isEqualTo("systemd");
	}

}
