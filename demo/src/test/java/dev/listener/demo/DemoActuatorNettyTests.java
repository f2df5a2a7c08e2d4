package dev.listener.demo;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The demo's Actuator again, with the echo served on the Netty engine: same health, meters, endpoint. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "listener.port=0", "listener.engine=netty" })
class DemoActuatorNettyTests extends DemoActuatorTests {

	@Override
	String expectedEngine() {
		return "netty (epoll)";
	}

}
