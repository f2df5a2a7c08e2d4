/**
 * The contract every engine serves by: a {@link dev.listener.engine.ListenerEngine} per listener,
 * created by a {@link dev.listener.engine.ListenerEngineFactory} from a
 * {@link dev.listener.engine.ServedListener} and its {@link dev.listener.engine.ServerSettings};
 * the {@link dev.listener.engine.EngineLifecycle} every engine extends (state, stop accepting,
 * drain, close); its {@link dev.listener.engine.ServingState}, the
 * {@link dev.listener.engine.Shutdown} modes and the accept {@link dev.listener.engine.Backoff}.
 * <p>
 * Every event of a connection or datagram passes through one place,
 * {@link dev.listener.engine.ListenerEvents} and its {@link dev.listener.engine.ConnectionEvents}:
 * the only writer of the {@link dev.listener.engine.SocketCounters}, where refusals are counted and
 * close reasons ({@link dev.listener.engine.CloseReason}) decided for both engines, and where the
 * starter's own {@link dev.listener.engine.ConnectionHooks} hook in: a
 * {@link dev.listener.engine.ConnectionObserver} told of each connection, a
 * {@link dev.listener.engine.ConnectionAdmission} asked whether to serve it. The engines
 * themselves are in {@code engine.blocking} and {@code engine.netty}.
 */
@NullMarked
package dev.listener.engine;

import org.jspecify.annotations.NullMarked;
