package dev.listener.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What a native image needs for the starter's reflective and native calls: the JDK channels'
 * {@code fdVal} field and {@code sun.misc.Unsafe} (the descriptor for IPV6_V6ONLY, SO_ACCEPTCONN
 * and dup()), the JNA interfaces to libc (JDK proxies) and JNA's native library. Registered in
 * {@code META-INF/spring/aot.factories}.
 */
class ListenerRuntimeHints implements RuntimeHintsRegistrar {

	/** The JDK's channel implementations, whose descriptor is read. */
	static final List<String> CHANNELS = List.of("sun.nio.ch.ServerSocketChannelImpl", "sun.nio.ch.SocketChannelImpl",
			"sun.nio.ch.DatagramChannelImpl");

	/** The JNA interface to libc, a JDK proxy at run time. */
	static final List<String> LIBC = List.of("dev.listener.socket.LibC");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (String channel : CHANNELS) {
			hints.reflection().registerType(TypeReference.of(channel), (type) -> type.withField("fdVal"));
		}
		hints.reflection()
			.registerType(TypeReference.of("sun.misc.Unsafe"),
					(type) -> type.withField("theUnsafe").withMembers(MemberCategory.INVOKE_PUBLIC_METHODS));
		for (String libc : LIBC) {
			hints.proxies().registerJdkProxy(TypeReference.of(libc));
			hints.reflection().registerType(TypeReference.of(libc), MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		hints.resources().registerPattern("com/sun/jna/*/libjnidispatch.*");
	}

}
