package dev.listener.context;

import java.lang.annotation.Annotation;

import dev.listener.socket.ListenerSpec;
import dev.listener.test.LocalListenerPort;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;

/**
 * Resolves {@link LocalListenerPort @LocalListenerPort("name")} to {@code ${local.listener.<name>.port}}:
 * an annotation attribute cannot reach into the {@code @Value} expression it is meta-annotated
 * with, so the named form is read here. Everything else is left to Spring's resolver.
 */
final class LocalListenerPortResolver extends ContextAnnotationAutowireCandidateResolver {

	@Override
	public @Nullable Object getSuggestedValue(DependencyDescriptor descriptor) {
		for (Annotation annotation : descriptor.getAnnotations()) {
			if (annotation instanceof LocalListenerPort port && !port.value().isEmpty()) {
				return "${" + ListenerPortInfoApplicationContextInitializer.propertyName(port.value()) + "}";
			}
		}
		return super.getSuggestedValue(descriptor);
	}

}
