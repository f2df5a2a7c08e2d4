package dev.listener.autoconfigure;

import java.util.Set;

import dev.listener.socket.Family;
import dev.listener.socket.Protocol;
import dev.listener.socket.SocketType;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Binds the hint properties from either spelling: {@code inet6} or {@code AF_INET6}, {@code dgram}
 * or {@code SOCK_DGRAM}, {@code udp} or {@code IPPROTO_UDP}. An unknown value fails with a message
 * that lists the valid ones.
 */
final class HintValueConverter implements GenericConverter {

	@Override
	public Set<ConvertiblePair> getConvertibleTypes() {
		return Set.of(new ConvertiblePair(String.class, Family.class),
				new ConvertiblePair(String.class, SocketType.class), new ConvertiblePair(String.class, Protocol.class));
	}

	@Override
	public @Nullable Object convert(@Nullable Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
		if (source == null || ((String) source).isBlank()) {
			return null;
		}
		String value = (String) source;
		Class<?> type = targetType.getType();
		if (type == Family.class) {
			return Family.parse(value);
		}
		if (type == SocketType.class) {
			return SocketType.parse(value);
		}
		return Protocol.parse(value);
	}

}
