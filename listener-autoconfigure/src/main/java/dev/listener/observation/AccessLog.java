package dev.listener.observation;

import dev.listener.engine.CloseReason;
import dev.listener.engine.ConnectionObserver;
import dev.listener.engine.ConnectionView;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Writes a line per closed connection, in the {@link AccessLogFormat} of
 * {@code listener.access-log.format}, to the logger {@value #LOGGER_NAME} at INFO: a logger of its
 * own, so that a logging configuration can send it to a file of its own, or turn it off. Keeps no
 * state per connection: everything it writes is on the connection when it closes.
 */
public final class AccessLog implements ConnectionObserver {

	/** The logger the lines go to. */
	public static final String LOGGER_NAME = "dev.listener.access";

	private final Log logger;

	private final AccessLogFormat format;

	private final Handle line = new Handle() {

		@Override
		public void closed(ConnectionView connection) {
			write(connection);
		}

	};

	/**
	 * Creates an access log.
	 * @param format the format of its lines
	 */
	public AccessLog(AccessLogFormat format) {
		this(format, LogFactory.getLog(LOGGER_NAME));
	}

	AccessLog(AccessLogFormat format, Log logger) {
		this.format = format;
		this.logger = logger;
	}

	@Override
	public Handle opened(ConnectionView connection) {
		return this.logger.isInfoEnabled() ? this.line : Handle.NONE;
	}

	private void write(ConnectionView connection) {
		CloseReason reason = connection.closeReason();
		AccessLogEntry entry = new AccessLogEntry(connection.listenerName(),
				EngineNames.of(connection.engineName()), connection.network(),
				connection.clientAddress(), connection.isProxied() ? connection.remoteAddress() : null,
				connection.localAddress(), System.nanoTime() - connection.startNanos(), connection.bytesReceived(),
				connection.bytesSent(), (reason != null) ? reason : CloseReason.EOF, connection.tlsProtocol(),
				connection.tlsServerName());
		this.logger.info(this.format.format(entry));
	}

}
