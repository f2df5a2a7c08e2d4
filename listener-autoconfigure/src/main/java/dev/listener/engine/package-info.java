/**
 * The contract every engine serves by: a {@link dev.listener.engine.ListenerEngine} per listener,
 * created by a {@link dev.listener.engine.ListenerEngineFactory} from a
 * {@link dev.listener.engine.ServedListener} and its {@link dev.listener.engine.ServerSettings};
 * the {@link dev.listener.engine.EngineLifecycle} every engine extends (state, stop accepting,
 * drain, close); its {@link dev.listener.engine.ServingState}, the
 * {@link dev.listener.engine.Shutdown} modes, the accept {@link dev.listener.engine.Backoff} and the {@link dev.listener.engine.HandlerFailures} of a
 * listener. The engines themselves are in {@code engine.blocking} and {@code engine.netty}.
 */
@NullMarked
package dev.listener.engine;

import org.jspecify.annotations.NullMarked;
