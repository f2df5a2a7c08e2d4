package dev.listener.engine.blocking;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The message handler tests on the blocking engine's virtual threads. */
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21 or later")
class VirtualThreadMessageHandlerTests extends MessageHandlerTests {

	@Override
	protected ApplicationContextRunner runner() {
		return super.runner().withPropertyValues("spring.threads.virtual.enabled=true");
	}

}
