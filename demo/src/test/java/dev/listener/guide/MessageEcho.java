package dev.listener.guide;

import dev.listener.handler.MessageHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MessageEcho {

	@Bean
	MessageHandler echo() {
		return (message, context) -> context.reply(message);
	}

}
