package dev.listener.pipeline;

import java.util.Locale;

/**
 * Why a frame was refused, closing its connection (a datagram is dropped); a fixed set, so the
 * {@code reason} tag of {@code listener.frames.rejected} stays bounded.
 */
public enum FrameRejection {

	/** Longer than {@code framing.max-frame-size}. */
	TOO_LONG,

	/** Not a frame at all: a length field that counts less than itself. */
	MALFORMED;

	/** @return the value as the meters' tag shows it, {@code too-long} */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
