package dev.listener.actuate;

import org.springframework.boot.health.contributor.Status;

/**
 * When a listener's kernel accept queue shows in its health: above this share of the queue's
 * limit, the details show the queue, and the status becomes {@code status} (UP, so only a detail,
 * unless configured otherwise: OUT_OF_SERVICE takes a readiness probe's instance out of rotation).
 *
 * @param threshold the share of the limit, above 0 and at most 1
 * @param status the status while above it
 */
public record AcceptQueuePolicy(double threshold, Status status) {

	/** The queue shows above 80% of its limit; the status stays UP. */
	public static final AcceptQueuePolicy DEFAULT = new AcceptQueuePolicy(0.8, Status.UP);

}
