package dev.listener.engine.netty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.Buffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Whether a view of Netty's direct memory may be handed again for a later message at the same
 * address: true when a view stays usable once the memory it was made of is freed (memory of
 * Netty's own, {@code malloc}ed or the JDK's, freed explicitly or by the collector: the address
 * then holds the later message); false when each of Netty's buffers is a memory segment of its own
 * arena (Netty's cleaner on JDK 25 without native access), whose views throw once it is closed.
 */
final class ReusableViews {

	/** Whether views may be reused. */
	static final boolean ENABLED = probe();

	private ReusableViews() {
	}

	private static boolean probe() {
		Class<?> segmentType;
		try {
			segmentType = Class.forName("java.lang.foreign.MemorySegment");
		}
		catch (ClassNotFoundException ex) {
			// before the JDK's memory segments: no view is bound to a scope that closes
			return true;
		}
		ByteBuf probe = null;
		try {
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			MethodHandle ofBuffer = lookup.findStatic(segmentType, "ofBuffer",
					MethodType.methodType(segmentType, Buffer.class));
			Class<?> scopeType = Class.forName("java.lang.foreign.MemorySegment$Scope");
			MethodHandle scope = lookup.findVirtual(segmentType, "scope", MethodType.methodType(scopeType));
			Object global = scope.invoke(segmentType.getField("NULL").get(null));
			probe = ByteBufAllocator.DEFAULT.directBuffer(1);
			probe.writeByte(0);
			Object scopeOfView = scope.invoke(ofBuffer.invoke(probe.nioBuffer()));
			return global.equals(scopeOfView);
		}
		catch (Throwable ex) {
			return false;
		}
		finally {
			if (probe != null) {
				probe.release();
			}
		}
	}

}
