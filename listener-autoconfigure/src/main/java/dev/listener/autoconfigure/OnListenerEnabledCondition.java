package dev.listener.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code listener.enabled}, bound as a boolean: {@code maybe} fails binding with a report that
 * names the property, where {@code @ConditionalOnBooleanProperty} would take it for "off".
 */
class OnListenerEnabledCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		boolean enabled = Binder.get(context.getEnvironment()).bind("listener.enabled", Boolean.class).orElse(true);
		return enabled ? ConditionOutcome.match("listener.enabled is not false")
				: ConditionOutcome.noMatch("listener.enabled is false");
	}

}
