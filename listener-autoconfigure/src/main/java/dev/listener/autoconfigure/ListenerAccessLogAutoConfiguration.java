package dev.listener.autoconfigure;

import dev.listener.observation.AccessLog;
import dev.listener.observation.AccessLogFormat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * A line per closed connection on the logger {@value AccessLog#LOGGER_NAME} when
 * {@code listener.access-log.enabled} is on, in the format of {@code listener.access-log.format},
 * which is checked at startup.
 */
@AutoConfiguration(after = ListenerAutoConfiguration.class, before = ListenerServerAutoConfiguration.class)
@ConditionalOnListenerEnabled
@ConditionalOnBooleanProperty("listener.access-log.enabled")
@EnableConfigurationProperties(ListenerProperties.class)
public final class ListenerAccessLogAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AccessLog listenerAccessLog(ListenerProperties properties) {
		String format = properties.getAccessLog().getFormat();
		try {
			return new AccessLog(AccessLogFormat.parse(format));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("listener.access-log.format", format,
					ex.getMessage() + " Or remove it for the default format.");
		}
	}

}
