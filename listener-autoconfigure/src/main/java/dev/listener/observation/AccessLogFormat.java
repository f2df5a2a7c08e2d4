package dev.listener.observation;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.listener.socket.Addresses;
import org.jspecify.annotations.Nullable;

/**
 * The line {@code listener.access-log.format} describes: text with named fields, {@code %{client}},
 * and {@code %%} for a percent sign. A field without a value (no PROXY header, no TLS) is written
 * {@code -}, as nginx writes it. Parsed once at startup; an unknown field is refused there.
 */
public final class AccessLogFormat {

	/** A logfmt-style line: {@code client=203.0.113.7:40000 listener=default reason=eof ...}. */
	public static final String DEFAULT = "client=%{client} listener=%{listener} protocol=%{protocol} reason=%{reason} "
			+ "duration=%{duration}ms received=%{bytes-received} sent=%{bytes-sent} balancer=%{balancer} "
			+ "tls=%{tls-protocol} server-name=%{tls-server-name}";

	private static final String NONE = "-";

	private final String pattern;

	/** Literal text (a String) and fields, in order. */
	private final Object[] parts;

	private AccessLogFormat(String pattern, Object[] parts) {
		this.pattern = pattern;
		this.parts = parts;
	}

	/**
	 * Parses a format.
	 * @param pattern the format, such as {@code %{client} %{duration}}
	 * @return the format
	 * @throws IllegalArgumentException naming what is wrong and the fields there are, for an unknown
	 * or unterminated field, a {@code %} that starts neither, or a format without a field
	 */
	public static AccessLogFormat parse(String pattern) {
		List<Object> parts = new ArrayList<>();
		StringBuilder text = new StringBuilder();
		int i = 0;
		while (i < pattern.length()) {
			char c = pattern.charAt(i);
			if (c != '%') {
				text.append(c);
				i++;
				continue;
			}
			char next = (i + 1 < pattern.length()) ? pattern.charAt(i + 1) : 0;
			if (next == '%') {
				text.append('%');
				i += 2;
				continue;
			}
			if (next != '{') {
				throw new IllegalArgumentException("A '%' at position " + i + " starts no field: write a field as "
						+ "%{name} (" + Field.names() + "), and a percent sign as %%.");
			}
			int end = pattern.indexOf('}', i + 2);
			if (end < 0) {
				throw new IllegalArgumentException(
						"The field at position " + i + " has no closing '}': write it as %{name}.");
			}
			String name = pattern.substring(i + 2, end);
			Field field = Field.named(name);
			if (field == null) {
				throw new IllegalArgumentException(
						"There is no field '%{" + name + "}': the fields are " + Field.names() + ".");
			}
			if (!text.isEmpty()) {
				parts.add(text.toString());
				text.setLength(0);
			}
			parts.add(field);
			i = end + 1;
		}
		if (!text.isEmpty()) {
			parts.add(text.toString());
		}
		if (parts.stream().noneMatch(Field.class::isInstance)) {
			throw new IllegalArgumentException("The format has no field: name at least one, such as %{client} ("
					+ Field.names() + ").");
		}
		return new AccessLogFormat(pattern, parts.toArray());
	}

	/**
	 * Writes one connection's line.
	 * @param entry the closed connection
	 * @return the line
	 */
	String format(AccessLogEntry entry) {
		StringBuilder line = new StringBuilder(160);
		for (Object part : this.parts) {
			if (part instanceof Field field) {
				line.append(field.value.apply(entry));
			}
			else {
				line.append((String) part);
			}
		}
		return line.toString();
	}

	@Override
	public String toString() {
		return this.pattern;
	}

	/** The fields, each named as the format writes it. */
	enum Field {

		LISTENER("listener", AccessLogEntry::listener),

		ENGINE("engine", AccessLogEntry::engine),

		PROTOCOL("protocol", AccessLogEntry::protocol),

		CLIENT("client", (entry) -> address(entry.client())),

		BALANCER("balancer", (entry) -> address(entry.balancer())),

		LOCAL("local", (entry) -> address(entry.local())),

		DURATION("duration", (entry) -> millis(entry.durationNanos())),

		BYTES_RECEIVED("bytes-received", (entry) -> Long.toString(entry.bytesReceived())),

		BYTES_SENT("bytes-sent", (entry) -> Long.toString(entry.bytesSent())),

		REASON("reason", (entry) -> entry.reason().tagValue()),

		TLS_PROTOCOL("tls-protocol", (entry) -> printable(entry.tlsProtocol())),

		TLS_SERVER_NAME("tls-server-name", (entry) -> printable(entry.tlsServerName()));

		private final String name;

		private final Function<AccessLogEntry, String> value;

		Field(String name, Function<AccessLogEntry, String> value) {
			this.name = name;
			this.value = value;
		}

		static @Nullable Field named(String name) {
			for (Field field : values()) {
				if (field.name.equals(name.toLowerCase(Locale.ROOT))) {
					return field;
				}
			}
			return null;
		}

		static String names() {
			return Arrays.stream(values()).map((field) -> field.name).collect(Collectors.joining(", "));
		}

	}

	private static String address(@Nullable SocketAddress address) {
		return (address != null) ? Addresses.format(address) : NONE;
	}

	/** Milliseconds with three decimals, {@code 12.345}, as nginx writes its times in seconds. */
	static String millis(long nanos) {
		long micros = Math.max(0, nanos) / 1000;
		long fraction = micros % 1000;
		return (micros / 1000) + ((fraction < 10) ? ".00" : (fraction < 100) ? ".0" : ".") + fraction;
	}

	/**
	 * A value the peer chose (the server name it asked for), written so that it cannot break the
	 * line or forge another one: anything but printable ASCII becomes {@code ?}.
	 */
	static String printable(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return NONE;
		}
		StringBuilder printable = null;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c <= ' ' || c > '~') {
				if (printable == null) {
					printable = new StringBuilder(value);
				}
				printable.setCharAt(i, '?');
			}
		}
		return (printable != null) ? printable.toString() : value;
	}

}
