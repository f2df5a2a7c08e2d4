package dev.listener.engine.blocking;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The observation per connection on the blocking engine. */
class BlockingConnectionObservationTests extends ConnectionObservationTests {

	@Override
	protected ApplicationContextRunner onEngine(ApplicationContextRunner runner) {
		return runner;
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
