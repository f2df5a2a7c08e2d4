package dev.listener.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code listener} health contributor.
 */
@ConfigurationProperties("management.health.listener")
public class ListenerHealthProperties {

	private final AcceptQueue acceptQueue = new AcceptQueue();

	public AcceptQueue getAcceptQueue() {
		return this.acceptQueue;
	}

	/**
	 * The kernel's accept queue of TCP listeners (Linux).
	 */
	public static class AcceptQueue {

		/**
		 * Share of the accept queue's limit above which the health details show the queue, from
		 * above 0 to 1.
		 */
		private double threshold = 0.8;

		/**
		 * Health status while the queue is above the threshold: UP (only a detail), or, for
		 * example, OUT_OF_SERVICE to take the instance out of a readiness group's rotation.
		 */
		private String status = "UP";

		public double getThreshold() {
			return this.threshold;
		}

		public void setThreshold(double threshold) {
			this.threshold = threshold;
		}

		public String getStatus() {
			return this.status;
		}

		public void setStatus(String status) {
			this.status = status;
		}

	}

}
