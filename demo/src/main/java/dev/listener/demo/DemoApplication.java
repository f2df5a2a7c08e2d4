package dev.listener.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Winsock recipe's server socket, written in {@code application.yml}, serving an echo: over
 * TCP or UDP as {@code listener.socket-type} says, over IPv4 or IPv6 as {@code listener.family} says.
 */
@SpringBootApplication
public class DemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
