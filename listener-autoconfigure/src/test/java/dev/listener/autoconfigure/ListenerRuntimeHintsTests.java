package dev.listener.autoconfigure;

import java.util.Set;
import java.util.TreeSet;

import com.sun.jna.Library;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints a native image needs, registered through {@code aot.factories}.
 */
class ListenerRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	ListenerRuntimeHintsTests() {
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(this.hints, getClass().getClassLoader()));
	}

	@Test
	void theChannelsDescriptorFieldIsReadable() {
		for (String channel : ListenerRuntimeHints.CHANNELS) {
			TypeHint hint = this.hints.reflection().getTypeHint(TypeReference.of(channel));
			assertThat(hint).as(channel).isNotNull();
			assertThat(hint.fields()).as(channel).anySatisfy((field) -> assertThat(field.getName()).isEqualTo("fdVal"));
		}
	}

	@Test
	void everyJnaInterfaceIsAProxyWithInvokableMethods() throws Exception {
		for (String libc : ListenerRuntimeHints.LIBC) {
			Class<?> type = Class.forName(libc);
			assertThat(RuntimeHintsPredicates.proxies().forInterfaces(type)).accepts(this.hints);
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(type.getMethods()[0])).accepts(this.hints);
		}
	}

	@Test
	void noJnaInterfaceOfTheStarterIsLeftOut() throws Exception {
		Set<String> interfaces = new TreeSet<>();
		for (Resource resource : new PathMatchingResourcePatternResolver()
			.getResources("classpath*:dev/listener/**/*.class")) {
			String path = resource.getURL().getPath();
			String name = path.substring(path.lastIndexOf("dev/listener/"), path.length() - ".class".length())
				.replace('/', '.');
			Class<?> type = Class.forName(name, false, getClass().getClassLoader());
			if (type.isInterface() && Library.class.isAssignableFrom(type)) {
				interfaces.add(name);
			}
		}
		assertThat(interfaces).isNotEmpty().containsExactlyInAnyOrderElementsOf(ListenerRuntimeHints.LIBC);
	}

	@Test
	void jnasNativeLibraryIsIncluded() {
		assertThat(RuntimeHintsPredicates.resource().forResource("com/sun/jna/linux-x86-64/libjnidispatch.so"))
			.accepts(this.hints);
	}

}
