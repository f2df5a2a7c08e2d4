package dev.listener.test;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.listener.pipeline.Framing;
import dev.listener.socket.ListenerSpec;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * What the test client needs of a listener's configuration, read as the starter binds it: a named
 * listener's own {@code listener.sockets.<name>.*} value, else the one written under
 * {@code listener.*}, else the default.
 */
final class ListenerConfiguration {

	private final Binder binder;

	private final String name;

	ListenerConfiguration(Environment environment, String name) {
		this.binder = Binder.get(environment);
		this.name = name;
	}

	/** @return the SSL bundle the listener serves TLS with, {@code null} for plain TCP */
	@Nullable String sslBundle() {
		String bundle = value("ssl.bundle", String.class);
		return (bundle == null || bundle.isBlank()) ? null : bundle.trim();
	}

	/** @return the listener's framing, {@link Framing#NONE} without */
	Framing framing() {
		Framing.Type type = value("framing.type", Framing.Type.class);
		if (type == null || type == Framing.Type.NONE) {
			return Framing.NONE;
		}
		DataSize max = value("framing.max-frame-size", DataSize.class);
		Framing.LineEnding lineEnding = value("framing.line-ending", Framing.LineEnding.class);
		Integer length = value("framing.length-field.length", Integer.class);
		String order = value("framing.length-field.byte-order", String.class);
		Boolean includesLength = value("framing.length-field.includes-length", Boolean.class);
		String delimiter = value("framing.delimiter", String.class);
		Framing.LengthField field = new Framing.LengthField((length != null) ? length : 4,
				(order != null && order.trim().toLowerCase(Locale.ROOT).replace('_', '-').equals("little-endian"))
						? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN,
				includesLength != null && includesLength);
		return new Framing(type, (max != null) ? (int) Math.min(Integer.MAX_VALUE, max.toBytes())
				: Framing.DEFAULT_MAX_FRAME_SIZE, (lineEnding != null) ? lineEnding : Framing.LineEnding.LF, field,
				(delimiter != null) ? delimiter.getBytes(StandardCharsets.UTF_8) : new byte[0]);
	}

	private <T> @Nullable T value(String property, Class<T> type) {
		if (!ListenerSpec.DEFAULT_NAME.equals(this.name)) {
			T own = this.binder.bind("listener.sockets." + this.name + "." + property, Bindable.of(type)).orElse(null);
			if (own != null) {
				return own;
			}
		}
		return this.binder.bind("listener." + property, Bindable.of(type)).orElse(null);
	}

}
