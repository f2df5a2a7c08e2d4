package dev.listener.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches unless {@code listener.enabled} is {@code false}; a value that is not a boolean stops
 * startup with Boot's binding report instead of turning the listeners off without a word.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnListenerEnabledCondition.class)
@interface ConditionalOnListenerEnabled {

}
