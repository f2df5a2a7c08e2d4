package dev.listener.observation;

import java.net.InetSocketAddress;

import dev.listener.engine.CloseReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AccessLogFormatTests {

	private static final AccessLogEntry PROXIED_TLS = new AccessLogEntry("game", "netty", "tcp",
			new InetSocketAddress("203.0.113.7", 40000), new InetSocketAddress("127.0.0.1", 50000),
			new InetSocketAddress("127.0.0.1", 27015), 12_345_678, 5, 7, CloseReason.EOF, "TLSv1.3", "game.example");

	private static final AccessLogEntry PLAIN = new AccessLogEntry("default", "blocking", "tcp",
			new InetSocketAddress("::1", 41000), null, new InetSocketAddress("::1", 27015), 999, 0, 0,
			CloseReason.IDLE, null, null);

	@Test
	void defaultFormatWritesEveryFieldAsKeyAndValue() {
		assertThat(AccessLogFormat.parse(AccessLogFormat.DEFAULT).format(PROXIED_TLS))
			.isEqualTo("client=203.0.113.7:40000 listener=game protocol=tcp reason=eof duration=12.345ms received=5 "
					+ "sent=7 balancer=127.0.0.1:50000 tls=TLSv1.3 server-name=game.example");
	}

	@Test
	void missingValuesAreWrittenAsADash() {
		assertThat(AccessLogFormat.parse("%{client} %{balancer} %{tls-protocol} %{tls-server-name} %{duration}")
			.format(PLAIN)).isEqualTo("[::1]:41000 - - - 0.000");
	}

	@Test
	void textAroundFieldsAndADoublePercentAreKept() {
		assertThat(AccessLogFormat.parse("[%{listener}/%{engine}] 100%% %{reason} via %{local}").format(PLAIN))
			.isEqualTo("[default/blocking] 100% idle via [::1]:27015");
	}

	@Test
	void fieldNamesIgnoreCase() {
		assertThat(AccessLogFormat.parse("%{Bytes-Sent}").format(PROXIED_TLS)).isEqualTo("7");
	}

	@Test
	void durationIsInMillisecondsWithThreeDecimals() {
		assertThat(AccessLogFormat.millis(1_002_000_000L)).isEqualTo("1002.000");
		assertThat(AccessLogFormat.millis(1_050_000)).isEqualTo("1.050");
		assertThat(AccessLogFormat.millis(7_000)).isEqualTo("0.007");
	}

	@Test
	void aServerNameThePeerChoseCannotBreakTheLine() {
		AccessLogEntry forged = new AccessLogEntry("default", "blocking", "tcp", null, null, null, 0, 0, 0,
				CloseReason.EOF, "TLSv1.3", "a b\nclient=evil");
		assertThat(AccessLogFormat.parse("%{tls-server-name}").format(forged)).isEqualTo("a?b?client=evil");
	}

	@Test
	void anUnknownFieldIsRefusedWithTheFieldsThereAre() {
		assertThatIllegalArgumentException().isThrownBy(() -> AccessLogFormat.parse("%{client} %{status}"))
			.withMessage("There is no field '%{status}': the fields are listener, engine, protocol, client, balancer, "
					+ "local, duration, bytes-received, bytes-sent, reason, tls-protocol, tls-server-name.");
	}

	@Test
	void anUnterminatedFieldIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> AccessLogFormat.parse("%{client"))
			.withMessage("The field at position 0 has no closing '}': write it as %{name}.");
	}

	@Test
	void aPercentThatStartsNoFieldIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> AccessLogFormat.parse("%{client} 100%"))
			.withMessageStartingWith("A '%' at position 13 starts no field: write a field as %{name} (listener, ");
	}

	@Test
	void aFormatWithoutAFieldIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> AccessLogFormat.parse("connection closed"))
			.withMessageStartingWith("The format has no field: name at least one, such as %{client}");
	}

}
