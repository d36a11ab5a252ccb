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
import io.github.asyncgraalpy.runtime.internal.BootstrapConfig;
import io.github.asyncgraalpy.runtime.internal.BootstrapPart;
import io.github.asyncgraalpy.runtime.internal.BootstrapSetting;
import io.github.asyncgraalpy.runtime.internal.LoopEvents;
import java.util.Map;
import java.util.concurrent.Flow;

/** The bridge's part of the bootstrap: what watches Java futures for asyncio, streams both ways, blocking calls on Java threads, and the loop's events. */
public final class BridgeBootstrap implements BootstrapPart {

    @Override
    public void contribute(BootstrapConfig config) {
        config.give(BootstrapSetting.JAVA_FUTURES, new JavaFutures(config.pythonThreadsGranted()));
        config.give(BootstrapSetting.JAVA_STREAMS, new JavaStreams());
        config.give(BootstrapSetting.BLOCKING_CALLS, new BlockingCalls.Factory(config.blockingCallExecutor()));
        config.give(BootstrapSetting.PUBLISHER_INTERFACE, Flow.Publisher.class);
        // The events Java threads post to a loop's inbox, by the Python type that applies each on the loop's thread;
        // the classes themselves, as Python may not look up anything internal by name.
        config.give(BootstrapSetting.LOOP_EVENTS, LoopEvents.of(Map.of(
                LoopEvents.Kind.FUTURE, FutureCompletion.class,
                LoopEvents.Kind.SUBMIT, Submission.class,
                LoopEvents.Kind.CANCEL, TaskCancellation.class,
                LoopEvents.Kind.STOP, StopLoop.class,
                LoopEvents.Kind.PING, LoopPing.class,
                LoopEvents.Kind.PUBLISH, PythonSubscription.class,
                LoopEvents.Kind.COMPLETIONS, Completions.class)));
    }
}
