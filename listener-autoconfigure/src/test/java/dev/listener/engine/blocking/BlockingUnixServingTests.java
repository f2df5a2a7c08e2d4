package dev.listener.engine.blocking;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every unix serving test on the blocking engine, with its platform threads. */
class BlockingUnixServingTests extends UnixServingTests {

	@Override
	protected ApplicationContextRunner runner() {
		return TestHandlers.runner().withPropertyValues("listener.engine=blocking");
	}

	@Override
	protected TestHandlers handlers() {
		return TestHandlers.BLOCKING;
	}

	@Override
	protected String engine() {
		return "blocking";
	}

}
