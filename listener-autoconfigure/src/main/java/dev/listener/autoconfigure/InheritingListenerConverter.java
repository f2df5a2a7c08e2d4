package dev.listener.autoconfigure;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.ConditionalGenericConverter;

/**
 * Binds a named listener written with nothing under it ({@code game-tcp:} in YAML, or
 * {@code listener.sockets.game-tcp=}) as a listener that sets nothing of its own, so that it is
 * opened with every value it inherits from {@code listener.*}. A value where the group belongs
 * ({@code game-tcp: tcp}) fails with a message that says how to write one.
 */
final class InheritingListenerConverter implements ConditionalGenericConverter {

	@Override
	public Set<ConvertiblePair> getConvertibleTypes() {
		return Set.of(new ConvertiblePair(String.class, SocketProperties.class));
	}

	@Override
	public boolean matches(TypeDescriptor sourceType, TypeDescriptor targetType) {
		return targetType.getType() == SocketProperties.class;
	}

	@Override
	public Object convert(@Nullable Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
		if (source != null && !((String) source).isBlank()) {
			throw new IllegalArgumentException("A named listener is a group of properties, not a value: write them "
					+ "under its name (listener.sockets.<name>.port=27016), or leave it empty (<name>: with nothing "
					+ "after it in YAML) to open it with every value written under listener.*.");
		}
		return new SocketProperties();
	}

}
