package dev.listener.autoconfigure;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import dev.listener.pipeline.AddressFilter;
import dev.listener.pipeline.ConnectionPipeline;
import dev.listener.pipeline.Framing;
import dev.listener.pipeline.ProxyProtocol;
import dev.listener.pipeline.Tls;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.unit.DataSize;

/**
 * Maps a listener's {@code allow}/{@code deny}, {@code proxy-protocol.*}, {@code ssl.*} and
 * {@code framing.*} properties onto its {@link ConnectionPipeline}, refusing a bad value with a
 * report that names the property, the value and what to write instead.
 */
final class ConnectionPipelines {

	/** The largest max-frame-size: a frame must fit in one array or Netty buffer, with room to spare. */
	private static final DataSize MAX_FRAME_SIZE = DataSize.ofGigabytes(1);

	private final @Nullable SslBundles sslBundles;

	ConnectionPipelines(@Nullable SslBundles sslBundles) {
		this.sslBundles = sslBundles;
	}

	ConnectionPipeline of(SocketProperties properties, ListenerPropertyNames names) {
		return new ConnectionPipeline(access(properties, names), proxyProtocol(properties, names),
				tls(properties, names), framing(properties, names));
	}

	private AddressFilter access(SocketProperties properties, ListenerPropertyNames names) {
		return AddressFilter.ALLOW_ALL;
	}

	private ProxyProtocol proxyProtocol(SocketProperties properties, ListenerPropertyNames names) {
		return ProxyProtocol.OFF;
	}

	private @Nullable Tls tls(SocketProperties properties, ListenerPropertyNames names) {
		return null;
	}

	private Framing framing(SocketProperties properties, ListenerPropertyNames names) {
		SocketProperties.Framing framing = properties.getFraming();
		DataSize maxFrameSize = framing.getMaxFrameSize();
		if (maxFrameSize.toBytes() < 1 || maxFrameSize.toBytes() > MAX_FRAME_SIZE.toBytes()) {
			throw new InvalidConfigurationPropertyValueException(names.name("framing.max-frame-size"), maxFrameSize,
					"It must be at least 1 byte and at most 1GB: set a size such as 64KB (a number alone is in "
							+ "bytes), or remove it for 64KB.");
		}
		int max = (int) maxFrameSize.toBytes();
		SocketProperties.Framing.LengthField field = framing.getLengthField();
		Framing.LengthField lengthField = new Framing.LengthField(field.getLength(),
				(field.getByteOrder() == SocketProperties.ByteOrder.BIG_ENDIAN) ? ByteOrder.BIG_ENDIAN
						: ByteOrder.LITTLE_ENDIAN,
				field.isIncludesLength());
		checkLengthField(lengthField, (framing.getType() == Framing.Type.LENGTH_FIELD) ? max : 0, names);
		if (framing.getType() == Framing.Type.NONE) {
			return Framing.NONE;
		}
		String text = framing.getDelimiter();
		byte[] delimiter = (text != null) ? text.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (framing.getType() == Framing.Type.DELIMITER && delimiter.length == 0) {
			throw new InvalidConfigurationPropertyValueException(names.name("framing.delimiter"), "",
					"It is not set, and frames need a delimiter when " + names.name("framing.type")
							+ " is delimiter: set the bytes that end a frame, such as \"\\0\" in YAML, or set the "
							+ "type to line.");
		}
		return new Framing(framing.getType(), max, framing.getLineEnding(), lengthField, delimiter);
	}

	/** Checks the field's size, and that it fits max-frame-size (zero when another type is used). */
	private static void checkLengthField(Framing.LengthField field, int maxFrameSize, ListenerPropertyNames names) {
		String length = names.name("framing.length-field.length");
		if (field.length() != 1 && field.length() != 2 && field.length() != 4 && field.length() != 8) {
			throw new InvalidConfigurationPropertyValueException(length, field.length(),
					"A length field is 1, 2, 4 or 8 bytes: set one of these, or remove it for 4.");
		}
		if (field.largestFrame() < maxFrameSize) {
			throw new InvalidConfigurationPropertyValueException(length, field.length(),
					"A " + field.length() + "-byte field describes frames of at most " + field.largestFrame()
							+ " bytes, less than " + names.name("framing.max-frame-size") + " (" + maxFrameSize
							+ " bytes): set a longer field, or lower max-frame-size to " + field.largestFrame() + "B.");
		}
	}

}
