package dev.listener.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the actual port of the default listener, as {@code @LocalServerPort} does for the web
 * server; useful with {@code listener.port=0}. Shortcut for
 * {@code @Value("${local.listener.port}")}.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${local.listener.port}")
public @interface LocalListenerPort {

}
