package dev.listener.actuate;

/**
 * A listen socket's accept queue as the kernel reports it.
 *
 * @param length the connections waiting for accept()
 * @param limit how many the queue holds (the backlog, capped at {@code somaxconn}), negative when
 * the source does not say
 */
record AcceptQueue(long length, long limit) {

}
