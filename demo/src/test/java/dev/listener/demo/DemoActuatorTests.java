package dev.listener.demo;

import java.io.IOException;
import java.net.Socket;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.listener.engine.SocketCounters;
import dev.listener.socket.Listener;
import dev.listener.test.LocalListenerPort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's Actuator over HTTP, as the README shows it with curl.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "listener.port=0")
class DemoActuatorTests {

	@LocalServerPort
	private int serverPort;

	@LocalListenerPort
	private int listenerPort;

	@Autowired
	private Listener listener;

	private RestClient http;

	@BeforeEach
	void http() {
		this.http = RestClient.create("http://127.0.0.1:" + this.serverPort);
	}

	@Test
	void healthShowsTheListenerUpWithItsAddress() {
		DocumentContext health = get("/actuator/health");
		assertThat(health.<String>read("$.status")).isEqualTo("UP");
		assertThat(health.<String>read("$.components.listener.status")).isEqualTo("UP");
		assertThat(health.<List<String>>read("$.components.listener.details.boundAddresses"))
			.containsExactly("0.0.0.0:" + this.listenerPort);
		assertThat(health.<String>read("$.components.listener.details.state")).isEqualTo("serving");
	}

	@Test
	void readinessGroupIncludesTheListener() {
		DocumentContext readiness = get("/actuator/health/readiness");
		assertThat(readiness.<String>read("$.status")).isEqualTo("UP");
		assertThat(readiness.<String>read("$.components.listener.status")).isEqualTo("UP");
		assertThat(readiness.<String>read("$.components.readinessState.status")).isEqualTo("UP");
	}

	@Test
	void acceptedConnectionsAreCounted() throws IOException {
		double before = acceptedMetric();
		echo(3);
		assertThat(acceptedMetric()).isEqualTo(before + 3);
		DocumentContext metric = get("/actuator/metrics/listener.connections.accepted");
		assertThat(metric.<List<String>>read("$.availableTags[?(@.tag == 'address')].values[0]"))
			.containsExactly("0.0.0.0:" + this.listenerPort);
	}

	@Test
	void prometheusHasTheAcceptedCounter() throws IOException {
		echo(1);
		String scrape = this.http.get().uri("/actuator/prometheus").retrieve().body(String.class);
		String series = "listener_connections_accepted_total{address=\"0.0.0.0:" + this.listenerPort
				+ "\",family=\"inet\",listener=\"default\",protocol=\"tcp\"} ";
		assertThat(scrape).contains("# TYPE listener_connections_accepted_total counter");
		double value = scrape.lines()
			.filter((line) -> line.startsWith(series))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length())))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + series + "in\n" + scrape));
		assertThat(value).isEqualTo((double) SocketCounters.of(this.listener.sockets().get(0)).accepted()).isPositive();
		assertThat(scrape).contains("listener_open{address=\"0.0.0.0:" + this.listenerPort);
	}

	@Test
	void listenersEndpointShowsTheResolutionAndTheBoundAddress() {
		DocumentContext listener = get("/actuator/listeners/default");
		assertThat(listener.<String>read("$.configuration.family")).isEqualTo("inet");
		assertThat(listener.<String>read("$.configuration.port")).isEqualTo("0");
		assertThat(listener.<List<String>>read("$.resolved[*].address")).containsExactly("0.0.0.0:0");
		assertThat(listener.<List<String>>read("$.resolved[*].family")).containsExactly("inet");
		assertThat(listener.<List<String>>read("$.boundAddresses")).containsExactly("0.0.0.0:" + this.listenerPort);
		assertThat(listener.<String>read("$.state")).isEqualTo("serving");
		assertThat(get("/actuator/listeners").<List<String>>read("$.listeners.default.boundAddresses"))
			.containsExactly("0.0.0.0:" + this.listenerPort);
	}

	@Test
	void listenersEndpointShowsTheEngine() {
		assertThat(get("/actuator/listeners/default").<String>read("$.engine")).startsWith(expectedEngine());
	}

	String expectedEngine() {
		return "blocking";
	}

	@Test
	void unknownListenerIsNotFound() {
		HttpStatusCode status = this.http.get()
			.uri("/actuator/listeners/missing")
			.exchange((request, response) -> response.getStatusCode());
		assertThat(status.value()).isEqualTo(404);
	}

	private double acceptedMetric() {
		return get("/actuator/metrics/listener.connections.accepted").<Double>read("$.measurements[0].value");
	}

	DocumentContext get(String path) {
		return JsonPath.parse(this.http.get().uri(path).retrieve().body(String.class));
	}

	/**
	 * Round trips through the demo's echo service: the echo proves the connection was accepted,
	 * and so counted, before the meter is read.
	 */
	private void echo(int count) throws IOException {
		for (int i = 0; i < count; i++) {
			try (Socket client = new Socket("127.0.0.1", this.listenerPort)) {
				client.setSoTimeout(10_000);
				client.getOutputStream().write('x');
				assertThat(client.getInputStream().read()).isEqualTo('x');
			}
		}
	}

}
