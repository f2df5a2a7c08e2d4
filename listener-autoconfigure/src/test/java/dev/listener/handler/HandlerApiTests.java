package dev.listener.handler;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a handler can call, checked by the compiler: a handler compiled against the starter's
 * classes reaches its connection's public API, and none of the engine's hooks, not even through a
 * cast to the blocking engine's connection.
 */
class HandlerApiTests {

	@TempDir
	Path classes;

	@Test
	void aHandlerCompilesAgainstTheConnectionsPublicApi() throws Exception {
		String body = """
				connection.remoteAddress(); connection.peerAddress(); connection.localAddress();
				connection.listenerName(); connection.channel();
				connection.inputStream(); connection.outputStream(); connection.tlsSession();
				if (connection.isFramed()) { connection.writeFrame(connection.readFrame()); }
				connection.write(java.nio.ByteBuffer.allocate(1)); connection.close();
				""";
		assertThat(compile(body)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "connection.proxied(connection.remoteAddress(), java.nio.ByteBuffer.allocate(0));",
			"connection.unread(java.nio.ByteBuffer.allocate(0));", "connection.startTls(null);",
			"connection.useFraming(dev.listener.pipeline.Framing.NONE);", "connection.idleNanos(0L);",
			"connection.resetIdleClock();", "connection.close(dev.listener.engine.CloseReason.IDLE);",
			"connection.listenSocket().accept();" })
	void aHandlerCannotCallAnEngineHook(String call) throws Exception {
		assertThat(compile(call)).containsAnyOf("cannot find symbol", "cannot be applied to given types");
	}

	@Test
	void aHandlerCannotCastToTheBlockingEnginesConnection() throws Exception {
		String body = "((dev.listener.engine.blocking.BlockingConnection) connection).resetIdleClock();";
		assertThat(compile(body)).contains("BlockingConnection is not public");
	}

	@Test
	void aMessageHandlerCompilesAgainstTheContextsPublicApi() throws Exception {
		String body = """
				context.remoteAddress(); context.peerAddress(); context.localAddress(); context.listenerName();
				context.tlsSession(); context.isDatagram();
				java.util.List<String> seen = context.state(java.util.ArrayList::new);
				context.reply(message); context.reply(new byte[1]); context.reply("text"); context.close();
				""";
		assertThat(compileMessageHandler(body)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "context.channel();", "context.connection();", "context.flush();", "context.write(message);",
			"((io.netty.channel.ChannelHandlerContext) context).flush();" })
	void aMessageHandlerReachesNoEngineThroughItsContext(String call) throws Exception {
		assertThat(compileMessageHandler(call)).containsAnyOf("cannot find symbol", "does not exist");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev.listener.engine.netty.NettyMessageContext", "dev.listener.engine.blocking.Frames" })
	void aMessageHandlerCannotCastItsContextToAnEnginesType(String type) throws Exception {
		assertThat(compileMessageHandler("((" + type + ") (Object) context).toString();")).contains("is not public");
	}

	@ParameterizedTest
	@ValueSource(strings = { "handle(null, message);", "write(message);", "clearState();" })
	void aMessageHandlerCannotCallTheEnginesPartOfItsContextThroughItsPublicBase(String call) throws Exception {
		assertThat(compileMessageHandler("((dev.listener.engine.AbstractMessageContext) context)." + call))
			.contains("has protected access");
	}

	/** Compiles a message handler whose {@code handle} runs the body; returns the compiler's errors. */
	private String compileMessageHandler(String body) throws IOException, URISyntaxException {
		return compileSource("""
				package example;

				class ProbeHandler implements dev.listener.handler.MessageHandler {

					@Override
					public void handle(java.nio.ByteBuffer message, dev.listener.handler.MessageContext context)
							throws java.io.IOException {
						%s
					}

				}
				""".formatted(body));
	}

	/** Compiles a handler whose {@code handle} runs the body; returns the compiler's errors. */
	private String compile(String body) throws IOException, URISyntaxException {
		return compileSource("""
				package example;

				class ProbeHandler implements dev.listener.handler.ConnectionHandler {

					@Override
					public void handle(dev.listener.handler.Connection connection) throws java.io.IOException {
						%s
					}

				}
				""".formatted(body));
	}

	/** Compiles a source of class {@code example.ProbeHandler}; returns the compiler's errors. */
	private String compileSource(String source) throws IOException, URISyntaxException {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		String classPath = location(Connection.class) + File.pathSeparator + location(Nullable.class);
		List<String> options = List.of("-proc:none", "-classpath", classPath, "-d", this.classes.toString());
		boolean compiled = compiler
			.getTask(null, null, diagnostics, options, null, List.of(new Source("example/ProbeHandler", source)))
			.call();
		String errors = diagnostics.getDiagnostics()
			.stream()
			.filter((diagnostic) -> diagnostic.getKind() == javax.tools.Diagnostic.Kind.ERROR)
			.map((diagnostic) -> diagnostic.getMessage(Locale.ROOT))
			.collect(Collectors.joining("\n"));
		assertThat(compiled).as(errors).isEqualTo(errors.isEmpty());
		return errors;
	}

	private static String location(Class<?> type) throws URISyntaxException {
		return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
	}

	private static final class Source extends SimpleJavaFileObject {

		private final String code;

		Source(String name, String code) {
			super(URI.create("string:///" + name + Kind.SOURCE.extension), Kind.SOURCE);
			this.code = code;
		}

		@Override
		public CharSequence getCharContent(boolean ignoreEncodingErrors) {
			return this.code;
		}

	}

}
