package dev.listener.engine.blocking;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every serving test again, with {@code spring.threads.virtual.enabled=true} on Java 21+. */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadServingTests extends ServingTests {

	@Override
	protected ApplicationContextRunner runnerWithoutHost() {
		return super.runnerWithoutHost().withPropertyValues("spring.threads.virtual.enabled=true");
	}

	@Override
	protected boolean expectVirtualThreads() {
		return true;
	}

}
