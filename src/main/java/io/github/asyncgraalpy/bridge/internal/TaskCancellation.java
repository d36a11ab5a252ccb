package io.github.asyncgraalpy.bridge.internal;

import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/** A loop event: cancel the task of a submission the Java side gave up on. */
public final class TaskCancellation {

    private final Value task;

    public TaskCancellation(Value task) {
        this.task = task;
    }

    @HostAccess.Export
    public Value task() {
        return task;
    }
}
