package io.github.asyncgraalpy.internal;

import io.github.asyncgraalpy.bridge.internal.BlockingCalls;
import io.github.asyncgraalpy.bridge.internal.Completions;
import io.github.asyncgraalpy.bridge.internal.FutureCompletion;
import io.github.asyncgraalpy.bridge.internal.JavaFutures;
import io.github.asyncgraalpy.bridge.internal.JavaStreams;
import io.github.asyncgraalpy.bridge.internal.LoopPing;
import io.github.asyncgraalpy.bridge.internal.PythonSubscription;
import io.github.asyncgraalpy.bridge.internal.StopLoop;
import io.github.asyncgraalpy.bridge.internal.Submission;
import io.github.asyncgraalpy.bridge.internal.TaskCancellation;
import io.github.asyncgraalpy.runtime.internal.BootstrapPart;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/** The bridge's part of the bootstrap: what watches Java futures for asyncio, streams both ways, blocking calls on Java threads, and the loop's events. */
public final class BridgeBootstrap implements BootstrapPart {

    @Override
    public void contribute(Map<String, Object> config) {
        config.put("java_futures", new JavaFutures(Boolean.TRUE.equals(config.get("python_threads_granted"))));
        config.put("java_streams", new JavaStreams());
        @SuppressWarnings("unchecked")
        Optional<Executor> hostExecutor = (Optional<Executor>) config.getOrDefault("blocking_executor", Optional.empty());
        config.put("blocking_calls", new BlockingCalls.Factory(hostExecutor));
        config.put("publisher_interface", Flow.Publisher.class);
        // The events Java threads post to a loop's inbox, by the Python type that applies each on the loop's thread;
        // the classes themselves, as Python may not look up anything internal by name.
        config.put("loop_events", Map.of(
                "future", FutureCompletion.class,
                "submit", Submission.class,
                "cancel", TaskCancellation.class,
                "stop", StopLoop.class,
                "ping", LoopPing.class,
                "publish", PythonSubscription.class,
                "completions", Completions.class));
    }
}
