package dev.listener.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the actual port of a listener, as {@code @LocalServerPort} does for the web server;
 * useful with {@code port=0}. {@code @LocalListenerPort} is the port of the listener named
 * {@code default} ({@code local.listener.port}); {@code @LocalListenerPort("game")} the port of
 * the listener named {@code game} ({@code local.listener.game.port}).
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${local.listener.port}")
public @interface LocalListenerPort {

	/**
	 * The listener's name; empty for the listener named {@code default}.
	 * @return the name
	 */
	String value() default "";

}
