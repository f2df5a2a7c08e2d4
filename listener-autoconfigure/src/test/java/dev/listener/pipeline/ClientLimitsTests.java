package dev.listener.pipeline;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientLimitsTests {

	private static final long SECOND = 1_000_000_000L;

	/** The time the limits see, moved on by the tests. */
	private long now = 1000 * SECOND;

	@Test
	void aClientAtItsConnectionLimitIsRefusedUntilOneOfItsConnectionsCloses() throws Exception {
		ClientLimits limits = limits(10, 0, false);
		InetAddress client = address("127.0.0.2");
		for (int i = 0; i < 10; i++) {
			assertThat(limits.acquire(client)).isNull();
		}
		assertThat(limits.acquire(client)).isEqualTo(RejectReason.CLIENT_CONNECTIONS);
		assertThat(limits.acquire(address("127.0.0.3"))).as("another client").isNull();
		limits.release(client);
		assertThat(limits.acquire(client)).isNull();
		assertThat(limits.exceeded(RejectReason.CLIENT_CONNECTIONS)).isEqualTo(1);
		assertThat(limits.exceeded(RejectReason.CLIENT_RATE)).isZero();
	}

	@Test
	void aClientOverItsRateIsRefusedAndEveryAttemptCountsTowardIt() throws Exception {
		ClientLimits limits = limits(0, 5, false);
		InetAddress client = address("127.0.0.2");
		for (int i = 0; i < 5; i++) {
			assertThat(limits.acquire(client)).isNull();
			limits.release(client);
		}
		for (int i = 0; i < 20; i++) {
			this.now += SECOND / 10;
			assertThat(limits.acquire(client)).as("attempt %d in the loop", i).isEqualTo(RejectReason.CLIENT_RATE);
		}
		assertThat(limits.acquire(address("127.0.0.3"))).as("another client").isNull();
		assertThat(limits.exceeded(RejectReason.CLIENT_RATE)).isEqualTo(20);
	}

	@Test
	void theRateSlidesOverThePreviousWindowWeightedByWhatTheLastWindowStillCovers() throws Exception {
		ClientLimits limits = limits(0, 5, false);
		InetAddress client = address("127.0.0.2");
		for (int i = 0; i < 5; i++) {
			assertThat(limits.acquire(client)).isNull();
			limits.release(client);
		}
		// halfway through the next window, the last 10 s hold about half of those 5
		this.now += 15 * SECOND;
		assertThat(limits.acquire(client)).as("3.5 in the window").isNull();
		assertThat(limits.acquire(client)).as("4.5 in the window").isNull();
		assertThat(limits.acquire(client)).as("5.5 in the window").isEqualTo(RejectReason.CLIENT_RATE);
		// two windows after its last attempt, nothing of it is left
		this.now += 20 * SECOND;
		for (int i = 0; i < 5; i++) {
			assertThat(limits.acquire(client)).isNull();
		}
	}

	@Test
	void anIdleClientExpiresOnceItsWindowsHoldNothing() throws Exception {
		ClientLimits limits = limits(0, 5, false);
		limits.acquire(address("127.0.0.2"));
		limits.release(address("127.0.0.2"));
		this.now += 19 * SECOND;
		limits.acquire(address("127.0.0.3"));
		assertThat(limits.clients()).as("within two windows").isEqualTo(2);
		this.now += 2 * SECOND;
		limits.acquire(address("127.0.0.4"));
		assertThat(limits.clients()).as("127.0.0.2 expired").isEqualTo(2);
		assertThat(limits.top()).extracting(ClientLimits.Client::client).containsOnly("127.0.0.3", "127.0.0.4");
		assertThat(limits.evicted()).isZero();
	}

	@Test
	void withOnlyAConnectionLimitAClientLeavesTheTableWithItsLastConnection() throws Exception {
		ClientLimits limits = limits(3, 0, false);
		limits.acquire(address("127.0.0.2"));
		limits.acquire(address("127.0.0.2"));
		assertThat(limits.clients()).isOne();
		limits.release(address("127.0.0.2"));
		limits.release(address("127.0.0.2"));
		assertThat(limits.clients()).isZero();
	}

	@Test
	void aFloodOfDistinctClientsStaysWithinTheTablesBoundAndCountsWhatItEvicts() throws Exception {
		int bound = 4096;
		ClientLimits limits = new ClientLimits(
				new ClientLimits.Settings(10, 100, Duration.ofSeconds(10), 32, 128, bound, 0, false), () -> this.now);
		for (int i = 0; i < 100_000; i++) {
			InetAddress client = ipv6(0x2001_0db8_0000_0000L, i);
			assertThat(limits.acquire(client)).isNull();
			if (i % 2 == 0) {
				// half of them keep a connection open
				limits.release(client);
			}
			this.now += 1000;
			assertThat(limits.clients()).isLessThanOrEqualTo(bound);
		}
		assertThat(limits.clients()).isEqualTo(bound);
		assertThat(limits.evicted()).isEqualTo(100_000 - bound);
	}

	@Test
	void theTableNeverHoldsMoreEntriesThanItsBoundNorCapacityBeyondIt() {
		ClientTable table = new ClientTable(3000);
		for (int i = 0; i < 100_000; i++) {
			table.acquire(7, i, i, 0, 10, SECOND, false);
			assertThat(table.size()).isLessThanOrEqualTo(3000);
		}
		assertThat(table.capacity()).as("grown from 1024 in doublings, capped at the bound").isEqualTo(3000);
		assertThat(table.evicted()).isEqualTo(100_000 - 3000);
	}

	@Test
	void atTheBoundTheClientIdleLongestMakesRoomBeforeAnyWithAConnectionOpen() throws Exception {
		ClientLimits limits = new ClientLimits(
				new ClientLimits.Settings(1, 10, Duration.ofSeconds(10), 32, 64, 3, 0, false), () -> this.now);
		limits.acquire(address("10.0.0.1"));
		limits.acquire(address("10.0.0.2"));
		limits.release(address("10.0.0.2"));
		limits.acquire(address("10.0.0.3"));
		limits.release(address("10.0.0.3"));
		limits.acquire(address("10.0.0.4"));
		assertThat(limits.evicted()).isOne();
		assertThat(limits.top()).extracting(ClientLimits.Client::client)
			.containsExactlyInAnyOrder("10.0.0.1", "10.0.0.3", "10.0.0.4");
		assertThat(limits.acquire(address("10.0.0.1"))).as("still counted").isEqualTo(RejectReason.CLIENT_CONNECTIONS);
	}

	@Test
	void theTableKeepsEveryClientsCountThroughManyInsertionsAndRemovals() {
		ClientTable table = new ClientTable(10_000);
		Map<Long, Integer> model = new HashMap<>();
		Random random = new Random(17);
		for (int i = 0; i < 200_000; i++) {
			// few keys, so that runs of the probe sequence form and are cut by removals
			long key = random.nextInt(600) * 1_000_003L;
			if (random.nextBoolean()) {
				table.acquire(0, key, i, 0, 0, SECOND, false);
				model.merge(key, 1, Integer::sum);
			}
			else if (model.containsKey(key)) {
				table.release(0, key, i, false);
				model.compute(key, (k, count) -> (count == 1) ? null : count - 1);
			}
		}
		Map<Long, Integer> counted = new HashMap<>();
		for (ClientTable.Usage usage : table.top(Integer.MAX_VALUE, 0, 0)) {
			counted.put(usage.low(), usage.connections());
		}
		assertThat(counted).isEqualTo(model);
		assertThat(table.size()).isEqualTo(model.size());
	}

	@ParameterizedTest(name = "{0} and {1} with /{2}: one client {3}")
	@CsvSource({ "10.1.2.3, 10.1.2.200, 24, true", "10.1.2.3, 10.1.3.1, 24, false", "10.1.2.3, 10.1.2.4, 32, false",
			"10.1.2.3, 10.200.0.1, 8, true", "10.1.2.3, 192.168.0.1, 0, true",
			"2001:db8:0:1::1, 2001:db8:0:1:ffff::2, 64, true", "2001:db8:0:1::1, 2001:db8:0:2::1, 64, false",
			"2001:db8:0:1::1, 2001:db8:0:1::2, 128, false", "2001:db8:0:1::1, 2001:db8:ff00::1, 32, true",
			"2001:db8::1:0:0:1, 2001:db8::1:8000:0:1, 80, true", "2001:db8::1:0:0:1, 2001:db8::2:0:0:1, 80, false",
			"10.1.2.3, ::ffff:10.1.2.9, 24, true" })
	void aClientIsItsAddressUnderThePrefix(String first, String second, int prefix, boolean same) throws Exception {
		ClientLimits limits = new ClientLimits(
				new ClientLimits.Settings(1, 0, Duration.ofSeconds(10), Math.min(prefix, 32), prefix, 100, 0, false),
				() -> this.now);
		assertThat(limits.acquire(address(first))).isNull();
		assertThat(limits.acquire(address(second))).isEqualTo(same ? RejectReason.CLIENT_CONNECTIONS : null);
	}

	@Test
	void anIpv4MappedAddressInSixteenBytesIsItsIpv4Client() throws Exception {
		ClientLimits limits = limits(1, 0, false);
		byte[] mapped = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 2 };
		InetAddress sixteen = java.net.Inet6Address.getByAddress(null, mapped, -1);
		assertThat(sixteen.getAddress()).hasSize(16);
		assertThat(limits.acquire(address("127.0.0.2"))).isNull();
		assertThat(limits.acquire(sixteen)).isEqualTo(RejectReason.CLIENT_CONNECTIONS);
	}

	@Test
	void anIpv4AddressesHashCodeIsTheAddressTheKeyIsMadeOf() throws Exception {
		for (String text : List.of("0.0.0.0", "127.0.0.2", "10.1.2.3", "192.168.255.1", "255.255.255.255")) {
			InetAddress address = address(text);
			assertThat(ClientKey.ipv4((Inet4Address) address)).isEqualTo(ByteBuffer.wrap(address.getAddress()).getInt());
		}
	}

	@Test
	void dryRunServesEveryConnectionAndCountsWhatWouldBeRefused() throws Exception {
		ClientLimits limits = limits(10, 0, true);
		InetAddress client = address("127.0.0.2");
		for (int i = 0; i < 50; i++) {
			assertThat(limits.acquire(client)).isNull();
		}
		assertThat(limits.exceeded(RejectReason.CLIENT_CONNECTIONS)).isEqualTo(40);
		assertThat(limits.top()).singleElement()
			.satisfies((top) -> assertThat(top.connections()).as("charged as served").isEqualTo(50));
	}

	@Test
	void theTopClientsAreTheBusiestWithTheirNetworks() throws Exception {
		ClientLimits limits = new ClientLimits(
				new ClientLimits.Settings(0, 100, Duration.ofSeconds(10), 24, 64, 100, 0, false), () -> this.now);
		for (int i = 0; i < 3; i++) {
			limits.acquire(address("10.1.2." + (i + 1)));
		}
		limits.acquire(address("2001:db8:0:1::5"));
		limits.release(address("2001:db8:0:1::5"));
		limits.acquire(address("192.168.0.1"));
		assertThat(limits.top()).containsExactly(new ClientLimits.Client("10.1.2.0/24", 3, 3),
				new ClientLimits.Client("192.168.0.0/24", 1, 1),
				new ClientLimits.Client("2001:db8:0:1:0:0:0:0/64", 0, 1));
	}

	@Test
	void theTopClientsAreTheTenBusiestOfAllInTheTable() throws Exception {
		ClientLimits limits = limits(100, 0, false);
		for (int client = 1; client <= 15; client++) {
			for (int i = 0; i < (client * 7) % 16; i++) {
				limits.acquire(address("10.0.0." + client));
			}
		}
		assertThat(limits.top()).extracting(ClientLimits.Client::connections)
			.containsExactly(15, 14, 13, 12, 11, 10, 9, 8, 7, 6);
		assertThat(limits.top().get(0).client()).as("7 x 9 = 15 mod 16").isEqualTo("10.0.0.9");
	}

	@Test
	void offCountsNothingAndNeverPauses() throws Exception {
		assertThat(ClientLimits.OFF.isOn()).isFalse();
		assertThat(ClientLimits.OFF.acquire(address("127.0.0.2"))).isNull();
		assertThat(ClientLimits.OFF.accepted()).isZero();
		assertThat(ClientLimits.OFF.clients()).isZero();
		assertThat(ClientLimits.OFF.top()).isEmpty();
		assertThat(ClientLimits.OFF.describe()).isEmpty();
	}

	@Test
	void theAcceptRateLetsASecondsBurstThroughThenPausesToTheRate() {
		ClientLimits limits = new ClientLimits(new ClientLimits.Settings(0, 0, Duration.ofSeconds(10), 32, 64, 100,
				10, false), () -> this.now);
		List<Long> pauses = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			pauses.add(limits.accepted());
		}
		assertThat(pauses.subList(0, 9)).containsOnly(0L);
		assertThat(pauses.get(9)).isEqualTo(SECOND / 10);
		// accepting as fast as the pauses let: 10 a second
		long start = this.now;
		int accepted = 0;
		while (this.now - start < 5 * SECOND) {
			this.now += Math.max(limits.accepted(), 1);
			accepted++;
		}
		assertThat(accepted).isBetween(49, 51);
		assertThat(limits.acceptPauses()).isGreaterThanOrEqualTo(49);
	}

	@Test
	void describeSaysWhichLimitsAreOn() {
		assertThat(new ClientLimits(new ClientLimits.Settings(10, 100, Duration.ofSeconds(10), 32, 64, 100, 500, true))
			.describe()).isEqualTo(", per client 10 connections and 100 new per 10s (dry-run), 500 accepts/s");
		assertThat(new ClientLimits(new ClientLimits.Settings(0, 20, Duration.ofMinutes(1), 32, 64, 100, 0, false))
			.describe()).isEqualTo(", per client 20 new per 1m");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "-1, 0, 10, 32, 64, 100, 0, maxConnections", "0, -1, 10, 32, 64, 100, 0, maxNewConnections",
			"0, 0, 0, 32, 64, 100, 0, window", "0, 0, 10, 33, 64, 100, 0, ipv4Prefix",
			"0, 0, 10, 32, 129, 100, 0, ipv6Prefix", "0, 0, 10, 32, 64, 0, 0, tableSize",
			"0, 0, 10, 32, 64, 100, -1, maxAcceptRate" })
	void settingsOutOfRangeAreRefused(int maxConnections, int maxNew, int windowSeconds, int ipv4, int ipv6, int table,
			int rate, String named) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClientLimits.Settings(maxConnections, maxNew, Duration.ofSeconds(windowSeconds), ipv4,
					ipv6, table, rate, false))
			.withMessageContaining(named);
	}

	private ClientLimits limits(int maxConnections, int maxNew, boolean dryRun) {
		return new ClientLimits(new ClientLimits.Settings(maxConnections, maxNew, Duration.ofSeconds(10), 32, 64, 1000,
				0, dryRun), () -> this.now);
	}

	private static InetAddress address(String literal) throws Exception {
		return InetAddress.getByName(literal);
	}

	private static InetAddress ipv6(long high, long low) throws Exception {
		return InetAddress.getByAddress(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
	}

}
